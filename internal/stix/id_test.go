package stix

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// Published SCO examples of STIX 2.1 (Errata 01, whose SCO identifiers were
// regenerated with the reference implementation). Examples whose ID
// contributing properties contain references to objects not shown in the
// specification are omitted: section 3.4 notes those IDs could not be
// computed accurately.
var specSCOExamples = []struct{ id, json string }{
	{"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4", `{"type":"ipv4-addr","value":"198.51.100.3"}`},
	{"ipv4-addr--1ea47840-aa39-5aa8-b4a2-cd203eb6662a", `{"type":"ipv4-addr","value":"198.51.100.0/24"}`},
	{"ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f", `{"type":"ipv6-addr","value":"2001:0db8:85a3:0000:0000:8a2e:0370:7334"}`},
	{"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7", `{"type":"domain-name","value":"example.com","resolves_to_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}`},
	{"email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934", `{"type":"email-addr","value":"john@example.com","display_name":"John Doe"}`},
	{"email-addr--6deb37bd-12b7-54ae-805f-5f7146f3d171", `{"type":"email-addr","value":"jdoe@example.com","display_name":"John Doe"}`},
	{"url--47c3cf9a-5027-5bf0-997a-017c7edc7c55", `{"type":"url","value":"https://example.com/research/index.html"}`},
	{"mac-addr--757b1725-9903-54f5-a855-1240691d7659", `{"type":"mac-addr","value":"d2:fb:49:24:37:18"}`},
	{"mutex--f93fe911-e545-5239-b9b0-597840d0c871", `{"type":"mutex","name":"__CLEANSWEEP__"}`},
	{"autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff", `{"type":"autonomous-system","number":15139,"name":"Slime Industries","rir":"ARIN"}`},
	{"directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622", `{"type":"directory","path":"C:\\Windows\\System32"}`},
	{"software--710b0b41-d4d0-5d6c-a400-fc9254554ffc", `{"type":"software","name":"Word","cpe":"cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*","version":"2002","vendor":"Microsoft"}`},
	{"user-account--f94d689e-707d-58c3-b803-c720bb6ed096", `{"type":"user-account","user_id":"1001","account_login":"jdoe","account_type":"unix","display_name":"John Doe","is_service_account":false,"is_privileged":false,"can_escalate_privs":true,"account_created":"2016-01-20T12:31:12Z"}`},
	{"x509-certificate--bf86f034-2390-54d7-8426-d08433db3fbe", `{"type":"x509-certificate","issuer":"C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc, OU=Certification Services Division, CN=Thawte Server CA/emailAddress=server-certs@thawte.com","validity_not_before":"2016-03-12T12:00:00Z","validity_not_after":"2016-08-21T12:00:00Z","subject":"C=US, ST=Maryland, L=Pasadena, O=Brent Baccala, OU=FreeSoft, CN=www.freesoft.org/emailAddress=baccala@freesoft.org","serial_number":"36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06"}`},
	{"windows-registry-key--1884b770-b679-522a-a9c7-45fadaaec7bb", `{"type":"windows-registry-key","key":"HKEY_LOCAL_MACHINE\\System\\Foo\\Bar"}`},
	{"windows-registry-key--f6a11ddf-fa2b-54c8-97ab-e7f28413095a", `{"type":"windows-registry-key","key":"hkey_local_machine\\system\\bar\\foo","values":[{"name":"Foo","data":"qwerty","data_type":"REG_SZ"},{"name":"Bar","data":"42","data_type":"REG_DWORD"}]}`},
	{"artifact--a785c567-cc53-52a1-abeb-026bb7ddf8ba", `{"type":"artifact","mime_type":"image/jpeg","payload_bin":"VBORw0KGgoAAAANSUhEUgAAADI== ..."}`},
	{"file--949eb97a-da1e-5292-8959-03c4249dc9f3", `{"type":"file","hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"},"size":25536,"name":"foo.dll"}`},
	{"file--7d1e3a18-89e7-5bc5-be36-9879f5b7f5c8", `{"type":"file","hashes":{"SHA-256":"841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"},"name":"quêry.dll","name_enc":"windows-1252"}`},
	{"file--3eb55c0e-fe96-588b-a7ab-10f55f7ec596", `{"type":"file","name":"gedit-bin","hashes":{"SHA-256":"aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"}}`},
	{"file--ba04c974-3cef-5f42-adc7-084d467874e2", `{"type":"file","hashes":{"SHA-256":"35a01331e9ad96f751278b891b6ea09699806faedfa237d40513d92ad1b7100f"},"extensions":{"ntfs-ext":{"alternate_data_streams":[{"name":"second.stream","size":25536}]}}}`},
	{"file--965aa96f-d90a-506a-8317-d38d44b235f9", `{"type":"file","name":"example.pdf","extensions":{"pdf-ext":{"version":"1.7","document_info_dict":{"Title":"Sample document","Author":"Adobe Systems Incorporated","Creator":"Adobe FrameMaker 5.5.3 for Power Macintosh","Producer":"Acrobat Distiller 3.01 for Power Macintosh","CreationDate":"20070412090123-02"},"pdfid0":"DFCE52BD827ECF765649852119D","pdfid1":"57A1E0F9ED2AE523E313C"}}}`},
	{"file--66772174-3442-5e0d-b577-4bd7be55fb87", `{"type":"file","name":"picture.jpg","hashes":{"SHA-256":"4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877"},"extensions":{"raster-image-ext":{"exif_tags":{"Make":"Nikon","Model":"D7000","XResolution":4928,"YResolution":3264}}}}`},
	{"file--9af228db-9a04-5787-ad43-ccadc137a0e2", `{"type":"file","name":"example.exe","extensions":{"windows-pebinary-ext":{"pe_type":"exe","machine_hex":"014c","number_of_sections":4,"time_date_stamp":"2016-01-22T12:31:12Z","pointer_to_symbol_table_hex":"74726144","number_of_symbols":4542568,"size_of_optional_header":224,"characteristics_hex":"818f","optional_header":{"magic_hex":"010b","major_linker_version":2,"minor_linker_version":25,"size_of_code":512,"size_of_initialized_data":283648,"size_of_uninitialized_data":0,"address_of_entry_point":4096,"base_of_code":4096,"base_of_data":8192,"image_base":14548992,"section_alignment":4096,"file_alignment":4096,"major_os_version":1,"minor_os_version":0,"major_image_version":0,"minor_image_version":0,"major_subsystem_version":4,"minor_subsystem_version":0,"win32_version_value_hex":"00","size_of_image":299008,"size_of_headers":4096,"checksum_hex":"00","subsystem_hex":"03","dll_characteristics_hex":"00","size_of_stack_reserve":100000,"size_of_stack_commit":8192,"size_of_heap_reserve":100000,"size_of_heap_commit":4096,"loader_flags_hex":"abdbffde","number_of_rva_and_sizes":3758087646},"sections":[{"name":"CODE","entropy":0.061089},{"name":"DATA","entropy":7.980693},{"name":"NicolasB","entropy":0.607433},{"name":".idata","entropy":0.607433}]}}}`},
}

func TestDeterministicIDSpecExamples(t *testing.T) {
	for _, ex := range specSCOExamples {
		got, err := DeterministicID([]byte(ex.json))
		if err != nil {
			t.Errorf("%s: %v", ex.id, err)
			continue
		}
		if got != ex.id {
			t.Errorf("DeterministicID = %s, want %s", got, ex.id)
		}
		// SCOID on the encoding/json decoding must agree.
		dec := json.NewDecoder(strings.NewReader(ex.json))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if got, err := SCOID(m["type"].(string), m); err != nil || got != ex.id {
			t.Errorf("SCOID = %s, %v; want %s", got, err, ex.id)
		}
	}
}

func TestSCOIDHashPreference(t *testing.T) {
	// Only one hash contributes, chosen MD5 > SHA-1 > SHA-256 > SHA-512.
	withMD5 := map[string]any{"hashes": map[string]any{"SHA-256": "aa", "MD5": "bb", "SHA-1": "cc"}}
	onlyMD5 := map[string]any{"hashes": map[string]any{"MD5": "bb"}}
	a, err1 := SCOID("file", withMD5)
	b, err2 := SCOID("file", onlyMD5)
	if err1 != nil || err2 != nil || a != b {
		t.Errorf("MD5 not preferred: %s %s %v %v", a, b, err1, err2)
	}
	s1 := map[string]any{"hashes": map[string]any{"SHA-512": "aa", "SHA-1": "cc"}}
	s2 := map[string]any{"hashes": map[string]any{"SHA-1": "cc"}}
	if a, _ := SCOID("file", s1); a != mustID(t, "file", s2) {
		t.Error("SHA-1 not preferred over SHA-512")
	}
	// Outside the preference list the smallest key wins, independent of
	// map order.
	o1 := map[string]any{"hashes": map[string]any{"TLSH": "x", "SSDEEP": "y"}}
	o2 := map[string]any{"hashes": map[string]any{"SSDEEP": "y"}}
	if mustID(t, "file", o1) != mustID(t, "file", o2) {
		t.Error("fallback hash choice is not the smallest key")
	}
}

func mustID(t *testing.T, typ string, m map[string]any) string {
	t.Helper()
	id, err := SCOID(typ, m)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSCOIDErrors(t *testing.T) {
	if _, err := SCOID("process", map[string]any{"pid": 1}); !errors.Is(err, ErrNotDeterministic) {
		t.Errorf("process: %v", err)
	}
	if _, err := SCOID("indicator", map[string]any{"name": "x"}); !errors.Is(err, ErrNotDeterministic) {
		t.Errorf("indicator: %v", err)
	}
	if _, err := SCOID("file", map[string]any{"size": 3}); !errors.Is(err, ErrNotDeterministic) {
		t.Errorf("file without contributing properties: %v", err)
	}
	if _, err := SCOID("file", map[string]any{"hashes": map[string]any{}}); err == nil {
		t.Error("empty hashes accepted")
	}
	if _, err := DeterministicID([]byte(`{"type":"ipv4-addr",`)); err == nil {
		t.Error("malformed JSON accepted")
	}
	// Only contributing properties count.
	a := mustID(t, "ipv4-addr", map[string]any{"value": "198.51.100.3"})
	b := mustID(t, "ipv4-addr", map[string]any{"value": "198.51.100.3", "resolves_to_refs": []any{"mac-addr--757b1725-9903-54f5-a855-1240691d7659"}})
	if a != b {
		t.Error("non-contributing property changed the id")
	}
}
