package stix

import (
	"fmt"
	"math"
)

// This file describes every STIX 2.1 object type as data: its properties,
// their value types, which are required, the predefined extensions and the
// ID contributing properties of SCOs. Rules that relate several properties
// live in the check functions of rules.go.

// Nested structures of sections 2 and 7.
var (
	externalReferenceSpec = newObjSpec("external-reference", []fieldDef{
		req("source_name", pString),
		opt("description", pString),
		opt("url", str(checkURLWarn)),
		opt("hashes", pHashes),
		opt("external_id", pString),
	}).withCheck(checkExternalReference)

	killChainPhaseSpec = newObjSpec("kill-chain-phase", []fieldDef{
		req("kill_chain_name", str(checkKillChainName)),
		req("phase_name", str(checkKillChainName)),
	})

	granularMarkingSpec = newObjSpec("granular-marking", []fieldDef{
		req("selectors", listOf(pString)),
		opt("marking_ref", ref("marking-definition")),
		opt("lang", pLang),
	}).withCheck(checkGranularMarking)

	pKillChainPhases    = listOf(objOf(killChainPhaseSpec))
	pExternalReferences = listOf(objOf(externalReferenceSpec))
	pGranularMarkings   = listOf(objOf(granularMarkingSpec))
	pExtensions         = &prop{kind: kExtensions}
	pMarkingRefs        = refs("marking-definition")
)

// Common properties by object family (section 3.2 table).
var (
	commonSDO = []fieldDef{
		req("type", pSkip), req("spec_version", pSkip), req("id", pSkip),
		req("created", pTimeMs), req("modified", pTimeMs),
		opt("created_by_ref", ref("identity")),
		opt("revoked", pBool),
		opt("labels", pStrings),
		opt("confidence", intRange(0, 100)),
		opt("lang", pLang),
		opt("external_references", pExternalReferences),
		opt("object_marking_refs", pMarkingRefs),
		opt("granular_markings", pGranularMarkings),
		opt("extensions", pExtensions),
		never("defanged", pBool),
	}
	commonSCO = []fieldDef{
		req("type", pSkip), opt("spec_version", pSkip), req("id", pSkip),
		opt("object_marking_refs", pMarkingRefs),
		opt("granular_markings", pGranularMarkings),
		opt("defanged", pBool),
		opt("extensions", pExtensions),
		na("created_by_ref", ref("identity")),
		na("created", pTimeMs), na("modified", pTimeMs),
		na("revoked", pBool),
		na("labels", pStrings),
		na("confidence", intRange(0, 100)),
		na("lang", pLang),
		na("external_references", pExternalReferences),
	}
	commonMarking = []fieldDef{
		req("type", pSkip), req("spec_version", pSkip), req("id", pSkip),
		req("created", pTimeMs),
		opt("created_by_ref", ref("identity")),
		opt("external_references", pExternalReferences),
		opt("object_marking_refs", pMarkingRefs),
		opt("granular_markings", pGranularMarkings),
		opt("extensions", pExtensions),
		na("modified", pTimeMs), na("revoked", pBool), na("labels", pStrings),
		na("confidence", intRange(0, 100)), na("lang", pLang),
		never("defanged", pBool),
	}
	commonLanguageContent = []fieldDef{
		req("type", pSkip), req("spec_version", pSkip), req("id", pSkip),
		req("created", pTimeMs), req("modified", pTimeMs),
		opt("created_by_ref", ref("identity")),
		opt("revoked", pBool),
		opt("labels", pStrings),
		opt("confidence", intRange(0, 100)),
		opt("external_references", pExternalReferences),
		opt("object_marking_refs", pMarkingRefs),
		opt("granular_markings", pGranularMarkings),
		opt("extensions", pExtensions),
		na("lang", pLang),
		never("defanged", pBool),
	}
	commonExtensionDefinition = []fieldDef{
		req("type", pSkip), req("spec_version", pSkip), req("id", pSkip),
		req("created", pTimeMs), req("modified", pTimeMs),
		req("created_by_ref", ref("identity")),
		opt("revoked", pBool),
		opt("labels", pStrings),
		opt("external_references", pExternalReferences),
		opt("object_marking_refs", pMarkingRefs),
		opt("granular_markings", pGranularMarkings),
		na("confidence", intRange(0, 100)), na("lang", pLang), na("extensions", pExtensions),
		never("defanged", pBool),
	}
)

func newTypeSpec(cat Category, family string, s *objSpec) *typeSpec {
	s.family = family
	return &typeSpec{objSpec: *s, cat: cat}
}

func sdo(name string, defs ...fieldDef) *typeSpec {
	return newTypeSpec(SDO, "SDO", newObjSpec(name, commonSDO, defs))
}

func sro(name string, defs ...fieldDef) *typeSpec {
	return newTypeSpec(SRO, "SRO", newObjSpec(name, commonSDO, defs))
}

func sco(name string, idProps []string, defs ...fieldDef) *typeSpec {
	t := newTypeSpec(SCO, "SCO", newObjSpec(name, commonSCO, defs))
	t.idProps = idProps
	return t
}

func meta(name string, common []fieldDef, defs ...fieldDef) *typeSpec {
	return newTypeSpec(Meta, name, newObjSpec(name, common, defs))
}

func (t *typeSpec) withCheck(c func(v *validator, n int32)) *typeSpec { t.check = c; return t }

func (t *typeSpec) withAnyOf(names ...string) *typeSpec { t.objSpec.withAnyOf(names...); return t }

func (t *typeSpec) withExts(exts map[string]*objSpec) *typeSpec { t.exts = exts; return t }

// Generic specs for custom object types: only common properties are known.
var (
	genericSDO = newTypeSpec(Unknown, "SDO-like custom", newObjSpec("custom", commonSDO).asOpen())
	genericSCO = newTypeSpec(Unknown, "SCO-like custom", newObjSpec("custom", commonSCO).asOpen())
)

// Reference targets used by several types.
var (
	pSoftwareRef = ref("software")
	pEmailAddr   = ref("email-addr")
	pAddrRef     = ref("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name")
	pArtifactRef = ref("artifact")
)

// Nested SCO structures.
var (
	mimePartSpec = newObjSpec("email-mime-part-type", []fieldDef{
		opt("body", pString),
		opt("body_raw_ref", ref("artifact", "file")),
		opt("content_type", pString),
		opt("content_disposition", pString),
	}).withAnyOf("body", "body_raw_ref").withCheck(checkMimePart)

	alternateDataStreamSpec = newObjSpec("alternate-data-stream-type", []fieldDef{
		req("name", pString), opt("hashes", pHashes), opt("size", pUint),
	})

	peOptionalHeaderSpec = newObjSpec("windows-pe-optional-header-type", []fieldDef{
		opt("magic_hex", pHex),
		opt("major_linker_version", pInt), opt("minor_linker_version", pInt),
		opt("size_of_code", pUint), opt("size_of_initialized_data", pUint),
		opt("size_of_uninitialized_data", pUint),
		opt("address_of_entry_point", pInt), opt("base_of_code", pInt),
		opt("base_of_data", pInt), opt("image_base", pInt),
		opt("section_alignment", pInt), opt("file_alignment", pInt),
		opt("major_os_version", pInt), opt("minor_os_version", pInt),
		opt("major_image_version", pInt), opt("minor_image_version", pInt),
		opt("major_subsystem_version", pInt), opt("minor_subsystem_version", pInt),
		opt("win32_version_value_hex", pHex),
		opt("size_of_image", pUint), opt("size_of_headers", pUint),
		opt("checksum_hex", pHex), opt("subsystem_hex", pHex),
		opt("dll_characteristics_hex", pHex),
		opt("size_of_stack_reserve", pUint), opt("size_of_stack_commit", pUint),
		opt("size_of_heap_reserve", pUint), opt("size_of_heap_commit", pUint),
		opt("loader_flags_hex", pHex),
		opt("number_of_rva_and_sizes", pInt),
		opt("hashes", pHashes),
	})

	peSectionSpec = newObjSpec("windows-pe-section-type", []fieldDef{
		req("name", pString), opt("size", pUint), opt("entropy", pFloat), opt("hashes", pHashes),
	})

	registryValueSpec = newObjSpec("windows-registry-value-type", []fieldDef{
		opt("name", pString), opt("data", pString),
		opt("data_type", vocabOf(windowsRegistryDatatypeEnum)),
	}).withAnyOf("name", "data", "data_type")

	x509V3ExtensionsSpec = newObjSpec("x509-v3-extensions-type", []fieldDef{
		opt("basic_constraints", pString), opt("name_constraints", pString),
		opt("policy_constraints", pString), opt("key_usage", pString),
		opt("extended_key_usage", pString), opt("subject_key_identifier", pString),
		opt("authority_key_identifier", pString), opt("subject_alternative_name", pString),
		opt("issuer_alternative_name", pString), opt("subject_directory_attributes", pString),
		opt("crl_distribution_points", pString), opt("inhibit_any_policy", pString),
		opt("private_key_usage_period_not_before", pTime),
		opt("private_key_usage_period_not_after", pTime),
		opt("certificate_policies", pString), opt("policy_mappings", pString),
	})

	markingStatementSpec = newObjSpec("statement marking", []fieldDef{req("statement", pString)})
	markingTLPSpec       = newObjSpec("tlp marking", []fieldDef{req("tlp", pString)})
)

func init() {
	x509V3ExtensionsSpec.withAnyOf(names(x509V3ExtensionsSpec)...)
	peOptionalHeaderSpec.withAnyOf(names(peOptionalHeaderSpec)...)
}

func names(s *objSpec) []string {
	out := make([]string, len(s.order))
	for i, f := range s.order {
		out[i] = f.name
	}
	return out
}

// Predefined extensions (section 6).
var (
	fileExtensions = map[string]*objSpec{
		"archive-ext": newObjSpec("archive-ext", []fieldDef{
			req("contains_refs", refs("file", "directory")),
			opt("comment", pString),
		}),
		"ntfs-ext": newObjSpec("ntfs-ext", []fieldDef{
			opt("sid", pString),
			opt("alternate_data_streams", listOf(objOf(alternateDataStreamSpec))),
		}).withAnyOf("sid", "alternate_data_streams"),
		"pdf-ext": newObjSpec("pdf-ext", []fieldDef{
			opt("version", pString), opt("is_optimized", pBool),
			opt("document_info_dict", pStrDict),
			opt("pdfid0", pString), opt("pdfid1", pString),
		}).withAnyOf("version", "is_optimized", "document_info_dict", "pdfid0", "pdfid1"),
		"raster-image-ext": newObjSpec("raster-image-ext", []fieldDef{
			opt("image_height", pInt), opt("image_width", pInt),
			opt("bits_per_pixel", pInt),
			opt("exif_tags", &prop{kind: kDict, elem: pIntOrStr}),
		}).withAnyOf("image_height", "image_width", "bits_per_pixel", "exif_tags"),
		"windows-pebinary-ext": newObjSpec("windows-pebinary-ext", []fieldDef{
			req("pe_type", vocabOf(windowsPEBinaryTypeOV)),
			opt("imphash", pString), opt("machine_hex", pHex),
			opt("number_of_sections", pUint),
			opt("time_date_stamp", &prop{kind: kTimestamp, precision: tsSeconds}),
			opt("pointer_to_symbol_table_hex", pHex),
			opt("number_of_symbols", pUint), opt("size_of_optional_header", pUint),
			opt("characteristics_hex", pHex), opt("file_header_hashes", pHashes),
			opt("optional_header", objOf(peOptionalHeaderSpec)),
			opt("sections", listOf(objOf(peSectionSpec))),
		}).withAnyOf("imphash", "machine_hex", "number_of_sections", "time_date_stamp",
			"pointer_to_symbol_table_hex", "number_of_symbols", "size_of_optional_header",
			"characteristics_hex", "file_header_hashes", "optional_header", "sections"),
	}

	networkTrafficExtensions = map[string]*objSpec{
		"http-request-ext": newObjSpec("http-request-ext", []fieldDef{
			req("request_method", pString), req("request_value", pString),
			opt("request_version", pString),
			opt("request_header", &prop{kind: kDict, elem: pStrings}),
			opt("message_body_length", pInt),
			opt("message_body_data_ref", pArtifactRef),
		}),
		"icmp-ext": newObjSpec("icmp-ext", []fieldDef{
			req("icmp_type_hex", pHex), req("icmp_code_hex", pHex),
		}),
		"socket-ext": newObjSpec("socket-ext", []fieldDef{
			req("address_family", vocabOf(socketAddressFamilyEnum)),
			opt("is_blocking", pBool), opt("is_listening", pBool),
			opt("options", &prop{kind: kDict, elem: pInt}),
			opt("socket_type", vocabOf(socketTypeEnum)),
			opt("socket_descriptor", pUint), opt("socket_handle", pInt),
		}),
		"tcp-ext": newObjSpec("tcp-ext", []fieldDef{
			opt("src_flags_hex", pHex), opt("dst_flags_hex", pHex),
		}).withAnyOf("src_flags_hex", "dst_flags_hex"),
	}

	processExtensions = map[string]*objSpec{
		"windows-process-ext": newObjSpec("windows-process-ext", []fieldDef{
			opt("aslr_enabled", pBool), opt("dep_enabled", pBool),
			opt("priority", str(checkPriorityClass)), opt("owner_sid", pString),
			// The property table says windows_title, the JSON schema and
			// common practice window_title; both are accepted.
			opt("window_title", pString), opt("windows_title", pString),
			opt("startup_info", pDict),
			opt("integrity_level", vocabOf(windowsIntegrityLevelEnum)),
		}).withAnyOf("aslr_enabled", "dep_enabled", "priority", "owner_sid",
			"window_title", "windows_title", "startup_info", "integrity_level"),
		"windows-service-ext": newObjSpec("windows-service-ext", []fieldDef{
			opt("service_name", pString), opt("descriptions", pStrings),
			opt("display_name", pString), opt("group_name", pString),
			opt("start_type", vocabOf(windowsServiceStartTypeEnum)),
			opt("service_dll_refs", refs("file")),
			opt("service_type", vocabOf(windowsServiceTypeEnum)),
			opt("service_status", vocabOf(windowsServiceStatusEnum)),
		}).withAnyOf("service_name", "descriptions", "display_name", "group_name",
			"start_type", "service_dll_refs", "service_type", "service_status"),
	}

	userAccountExtensions = map[string]*objSpec{
		"unix-account-ext": newObjSpec("unix-account-ext", []fieldDef{
			opt("gid", pInt), opt("groups", pStrings),
			opt("home_dir", pString), opt("shell", pString),
		}).withAnyOf("gid", "groups", "home_dir", "shell"),
	}
)

// predefinedExtension maps every predefined extension name to the type that
// defines it.
var predefinedExtension = map[string]string{}

// typeSpecs holds every object type of STIX 2.1.
var typeSpecs map[string]*typeSpec

func init() {
	pName, pDesc, pAliases := req("name", pString), opt("description", pString), opt("aliases", pStrings)
	firstSeen, lastSeen := opt("first_seen", pTime), opt("last_seen", pTime)
	motivations := listOf(vocabOf(attackMotivationOV))

	typeSpecs = map[string]*typeSpec{
		// Section 4: STIX Domain Objects.
		"attack-pattern": sdo("attack-pattern", pName, pDesc, pAliases,
			opt("kill_chain_phases", pKillChainPhases)),
		"campaign": sdo("campaign", pName, pDesc, pAliases, firstSeen, lastSeen,
			opt("objective", pString)).withCheck(checkSeen),
		"course-of-action": sdo("course-of-action", pName, pDesc, opt("action", pReserved)),
		"grouping": sdo("grouping",
			// Optional in STIX 2.1 OS and the OASIS schema; the Errata 01
			// table marks it required, which we treat as a typo.
			opt("name", pString), pDesc,
			req("context", vocabOf(groupingContextOV)),
			req("object_refs", pAnyRefs)),
		"identity": sdo("identity", pName, pDesc, opt("roles", pStrings),
			opt("identity_class", vocabOf(identityClassOV)),
			opt("sectors", listOf(vocabOf(industrySectorOV))),
			opt("contact_information", pString)),
		"incident": sdo("incident", pName, pDesc),
		"indicator": sdo("indicator", opt("name", pString), pDesc,
			opt("indicator_types", listOf(vocabOf(indicatorTypeOV))),
			req("pattern", pString),
			req("pattern_type", vocabOf(patternTypeOV)),
			opt("pattern_version", pString),
			req("valid_from", pTime), opt("valid_until", pTime),
			opt("kill_chain_phases", pKillChainPhases)).withCheck(checkIndicator),
		"infrastructure": sdo("infrastructure", pName, pDesc,
			opt("infrastructure_types", listOf(vocabOf(infrastructureTypeOV))),
			pAliases, opt("kill_chain_phases", pKillChainPhases),
			firstSeen, lastSeen).withCheck(checkSeen),
		"intrusion-set": sdo("intrusion-set", pName, pDesc, pAliases, firstSeen, lastSeen,
			opt("goals", pStrings),
			opt("resource_level", vocabOf(attackResourceLevelOV)),
			opt("primary_motivation", vocabOf(attackMotivationOV)),
			opt("secondary_motivations", motivations)).withCheck(checkSeen),
		"location": sdo("location", opt("name", pString), pDesc,
			opt("latitude", floatRange(-90, 90)),
			opt("longitude", floatRange(-180, 180)),
			opt("precision", floatRange(0, math.Inf(1))),
			opt("region", vocabOf(regionOV)),
			opt("country", str(checkCountry)),
			opt("administrative_area", pString), opt("city", pString),
			opt("street_address", pString), opt("postal_code", pString)).withCheck(checkLocation),
		"malware": sdo("malware", opt("name", pString), pDesc,
			opt("malware_types", listOf(vocabOf(malwareTypeOV))),
			req("is_family", pBool), pAliases,
			opt("kill_chain_phases", pKillChainPhases), firstSeen, lastSeen,
			opt("operating_system_refs", listOf(pSoftwareRef)),
			opt("architecture_execution_envs", listOf(vocabOf(processorArchitectureOV))),
			opt("implementation_languages", listOf(vocabOf(implementationLanguageOV))),
			opt("capabilities", listOf(vocabOf(malwareCapabilitiesOV))),
			opt("sample_refs", refs("file", "artifact"))).withCheck(checkMalware),
		"malware-analysis": sdo("malware-analysis",
			req("product", pString), opt("version", pString),
			opt("host_vm_ref", pSoftwareRef), opt("operating_system_ref", pSoftwareRef),
			opt("installed_software_refs", listOf(pSoftwareRef)),
			opt("configuration_version", pString), opt("modules", pStrings),
			opt("analysis_engine_version", pString),
			opt("analysis_definition_version", pString),
			opt("submitted", pTime), opt("analysis_started", pTime), opt("analysis_ended", pTime),
			opt("result_name", pString), opt("result", vocabOf(malwareResultOV)),
			opt("analysis_sco_refs", listOf(refCat("an SCO", SCO, Unknown))),
			opt("sample_ref", ref("file", "network-traffic", "artifact"))).withCheck(checkMalwareAnalysis),
		"note": sdo("note", opt("abstract", pString), req("content", pString),
			opt("authors", pStrings), req("object_refs", pAnyRefs)),
		"observed-data": sdo("observed-data",
			req("first_observed", pTime), req("last_observed", pTime),
			req("number_observed", intRange(1, 999999999)),
			opt("objects", pContainer),
			opt("object_refs", listOf(refCat("an SCO or SRO", SCO, SRO, Unknown)))).withCheck(checkObservedData),
		"opinion": sdo("opinion", opt("explanation", pString), opt("authors", pStrings),
			req("opinion", vocabOf(opinionEnum)), req("object_refs", pAnyRefs)),
		"report": sdo("report", pName, pDesc,
			opt("report_types", listOf(vocabOf(reportTypeOV))),
			req("published", pTime), req("object_refs", pAnyRefs)),
		"threat-actor": sdo("threat-actor", pName, pDesc,
			opt("threat_actor_types", listOf(vocabOf(threatActorTypeOV))),
			pAliases, firstSeen, lastSeen,
			opt("roles", listOf(vocabOf(threatActorRoleOV))),
			opt("goals", pStrings),
			opt("sophistication", vocabOf(threatActorSophisticationOV)),
			opt("resource_level", vocabOf(attackResourceLevelOV)),
			opt("primary_motivation", vocabOf(attackMotivationOV)),
			opt("secondary_motivations", motivations),
			opt("personal_motivations", motivations)).withCheck(checkSeen),
		"tool": sdo("tool", pName, pDesc,
			opt("tool_types", listOf(vocabOf(toolTypeOV))), pAliases,
			opt("kill_chain_phases", pKillChainPhases), opt("tool_version", pString)),
		"vulnerability": sdo("vulnerability", pName, pDesc),

		// Section 5: STIX Relationship Objects.
		"relationship": sro("relationship",
			req("relationship_type", str(checkRelationshipType)), pDesc,
			req("source_ref", refCat("an SDO or SCO", SDO, SCO, Unknown)),
			req("target_ref", refCat("an SDO or SCO", SDO, SCO, Unknown)),
			opt("start_time", pTime), opt("stop_time", pTime)).withCheck(checkRelationship),
		"sighting": sro("sighting", pDesc, firstSeen, lastSeen,
			opt("count", intRange(0, 999999999)),
			req("sighting_of_ref", refCat("an SDO", SDO, Unknown)),
			opt("observed_data_refs", refs("observed-data")),
			opt("where_sighted_refs", refs("identity", "location")),
			opt("summary", pBool)).withCheck(checkSeen),

		// Section 6: STIX Cyber-observable Objects.
		"artifact": sco("artifact", []string{"hashes", "payload_bin"},
			opt("mime_type", pString), opt("payload_bin", pBinary),
			opt("url", str(checkURL)), opt("hashes", pHashes),
			opt("encryption_algorithm", vocabOf(encryptionAlgorithmEnum)),
			opt("decryption_key", pString)).withCheck(checkArtifact),
		"autonomous-system": sco("autonomous-system", []string{"number"},
			req("number", pInt), opt("name", pString), opt("rir", pString)),
		"directory": sco("directory", []string{"path"},
			req("path", pString), opt("path_enc", pString),
			opt("ctime", pTime), opt("mtime", pTime), opt("atime", pTime),
			opt("contains_refs", refs("file", "directory"))),
		"domain-name": sco("domain-name", []string{"value"},
			req("value", str(checkDomainName)),
			opt("resolves_to_refs", refs("ipv4-addr", "ipv6-addr", "domain-name"))),
		"email-addr": sco("email-addr", []string{"value"},
			req("value", str(checkEmailAddr)), opt("display_name", pString),
			opt("belongs_to_ref", ref("user-account"))),
		"email-message": sco("email-message", []string{"from_ref", "subject", "body"},
			req("is_multipart", pBool), opt("date", pTime), opt("content_type", pString),
			opt("from_ref", pEmailAddr), opt("sender_ref", pEmailAddr),
			opt("to_refs", listOf(pEmailAddr)), opt("cc_refs", listOf(pEmailAddr)),
			opt("bcc_refs", listOf(pEmailAddr)),
			opt("message_id", pString), opt("subject", pString),
			opt("received_lines", pStrings),
			opt("additional_header_fields", &prop{kind: kDict, elem: &prop{kind: kStringOrList}}),
			opt("body", pString),
			opt("body_multipart", listOf(objOf(mimePartSpec))),
			opt("raw_email_ref", pArtifactRef)).withCheck(checkEmailMessage),
		"file": sco("file", []string{"hashes", "name", "extensions", "parent_directory_ref"},
			opt("hashes", pHashes), opt("size", pUint), opt("name", pString),
			opt("name_enc", pString), opt("magic_number_hex", pHex),
			opt("mime_type", pString),
			opt("ctime", pTime), opt("mtime", pTime), opt("atime", pTime),
			opt("parent_directory_ref", ref("directory")),
			opt("contains_refs", listOf(refCat("an SCO", SCO, Unknown))),
			opt("content_ref", pArtifactRef)).withAnyOf("hashes", "name").
			withCheck(checkFile).withExts(fileExtensions),
		"ipv4-addr": sco("ipv4-addr", []string{"value"},
			req("value", str(checkIPv4)),
			opt("resolves_to_refs", refs("mac-addr")),
			opt("belongs_to_refs", refs("autonomous-system"))),
		"ipv6-addr": sco("ipv6-addr", []string{"value"},
			req("value", str(checkIPv6)),
			opt("resolves_to_refs", refs("mac-addr")),
			opt("belongs_to_refs", refs("autonomous-system"))),
		"mac-addr": sco("mac-addr", []string{"value"}, req("value", str(checkMAC))),
		"mutex":    sco("mutex", []string{"name"}, req("name", pString)),
		"network-traffic": sco("network-traffic",
			[]string{"start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"},
			opt("start", pTime), opt("end", pTime), opt("is_active", pBool),
			opt("src_ref", pAddrRef), opt("dst_ref", pAddrRef),
			opt("src_port", intRange(0, 65535)), opt("dst_port", intRange(0, 65535)),
			req("protocols", listOf(str(checkProtocol))),
			opt("src_byte_count", pUint), opt("dst_byte_count", pUint),
			opt("src_packets", pUint), opt("dst_packets", pUint),
			opt("ipfix", &prop{kind: kDict, elem: pIntOrStr}),
			opt("src_payload_ref", pArtifactRef), opt("dst_payload_ref", pArtifactRef),
			opt("encapsulates_refs", refs("network-traffic")),
			opt("encapsulated_by_ref", ref("network-traffic"))).
			withCheck(checkNetworkTraffic).withExts(networkTrafficExtensions),
		"process": sco("process", nil,
			opt("is_hidden", pBool), opt("pid", pInt), opt("created_time", pTime),
			opt("cwd", pString), opt("command_line", pString),
			opt("environment_variables", pStrDict),
			opt("opened_connection_refs", refs("network-traffic")),
			opt("creator_user_ref", ref("user-account")),
			opt("image_ref", ref("file")), opt("parent_ref", ref("process")),
			opt("child_refs", refs("process"))).
			withAnyOf("extensions", "is_hidden", "pid", "created_time", "cwd", "command_line",
				"environment_variables", "opened_connection_refs", "creator_user_ref",
				"image_ref", "parent_ref", "child_refs").withExts(processExtensions),
		"software": sco("software", []string{"name", "cpe", "swid", "vendor", "version"},
			req("name", pString), opt("cpe", str(checkCPE)), opt("swid", pString),
			opt("languages", listOf(pLang)), opt("vendor", pString), opt("version", pString)),
		"url": sco("url", []string{"value"}, req("value", str(checkURL))),
		"user-account": sco("user-account", []string{"account_type", "user_id", "account_login"},
			opt("user_id", pString), opt("credential", pString), opt("account_login", pString),
			opt("account_type", vocabOf(accountTypeOV)), opt("display_name", pString),
			opt("is_service_account", pBool), opt("is_privileged", pBool),
			opt("can_escalate_privs", pBool), opt("is_disabled", pBool),
			opt("account_created", pTime), opt("account_expires", pTime),
			opt("credential_last_changed", pTime), opt("account_first_login", pTime),
			opt("account_last_login", pTime)).
			withAnyOf("extensions", "user_id", "credential", "account_login", "account_type",
				"display_name", "is_service_account", "is_privileged", "can_escalate_privs",
				"is_disabled", "account_created", "account_expires", "credential_last_changed",
				"account_first_login", "account_last_login").withExts(userAccountExtensions),
		"windows-registry-key": sco("windows-registry-key", []string{"key", "values"},
			opt("key", str(checkRegistryKey)),
			opt("values", listOf(objOf(registryValueSpec))),
			opt("modified_time", pTime), opt("creator_user_ref", ref("user-account")),
			opt("number_of_subkeys", pUint)).
			withAnyOf("key", "values", "modified_time", "creator_user_ref", "number_of_subkeys"),
		"x509-certificate": sco("x509-certificate", []string{"hashes", "serial_number"},
			opt("is_self_signed", pBool), opt("hashes", pHashes), opt("version", pString),
			opt("serial_number", pString), opt("signature_algorithm", pString),
			opt("issuer", pString),
			opt("validity_not_before", pTime), opt("validity_not_after", pTime),
			opt("subject", pString), opt("subject_public_key_algorithm", pString),
			opt("subject_public_key_modulus", pString),
			opt("subject_public_key_exponent", pInt),
			opt("x509_v3_extensions", objOf(x509V3ExtensionsSpec))).
			withAnyOf("is_self_signed", "hashes", "version", "serial_number",
				"signature_algorithm", "issuer", "validity_not_before", "validity_not_after",
				"subject", "subject_public_key_algorithm", "subject_public_key_modulus",
				"subject_public_key_exponent", "x509_v3_extensions"),

		// Section 7: STIX Meta Objects.
		"language-content": meta("language-content", commonLanguageContent,
			req("object_ref", refCat("a STIX object", SDO, SRO, SCO, Meta, Unknown)),
			opt("object_modified", pTime),
			req("contents", &prop{kind: kDict, elem: pDict})).withCheck(checkLanguageContent),
		"marking-definition": meta("marking-definition", commonMarking,
			opt("name", pString),
			opt("definition_type", vocabOf(markingDefinitionTypeOV)),
			opt("definition", objOf(newObjSpec("definition").asOpen()))).withCheck(checkMarkingDefinition),
		"extension-definition": meta("extension-definition", commonExtensionDefinition,
			req("name", pString), opt("description", pString),
			req("schema", pString), req("version", pString),
			req("extension_types", listOf(vocabOf(extensionTypeEnum))),
			opt("extension_properties", listOf(str(checkExtensionPropertyName)))).withCheck(checkExtensionDefinition),
	}
	for typ, ts := range typeSpecs {
		if ts.name != typ {
			panic(fmt.Sprintf("stix: spec name %q for type %q", ts.name, typ))
		}
		for name := range ts.exts {
			predefinedExtension[name] = typ
		}
	}
}
