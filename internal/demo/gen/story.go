package main

import (
	"encoding/base64"
	"fmt"
	"time"
)

// The story, in short. From January 2026 the financially motivated crew
// "DEMO Sandcastle Spider" runs "DEMO Operation Tidewater": invoice-themed
// phishing against banks and payment firms that delivers DEMO-LoaderX, which
// pulls the credential stealer DEMO-StealerQ and, at some victims, the
// DEMO-LockShell ransomware. Its affiliate "DEMO Driftwood Jackal" moves the
// money. In April the crew follows up with "DEMO Operation Low Tide", using the
// DEMO-LoaderX.B variant and the fictional ExampleVPN flaw CVE-2099-0142. In May
// an unrelated hacktivist group, "DEMO Gull Collective", floods government
// portals in "DEMO Operation Seaspray". The Fusion Demo Centre, its partners and
// six member-country units share what they see. None of it is real.

func (b *builder) story() {
	b.id["centre"] = sid("identity", "centre")
	b.markings()
	b.extensionDefinition()
	b.identities()
	b.locations()
	b.actors()
	b.malwareFamilies()
	b.tools()
	b.attackPatterns()
	b.vulnerabilities()
	b.infrastructure()
	b.coursesOfAction()
	b.observables()
	b.malwareInstances()
	b.observedData()
	b.indicators()
	b.sightings()
	b.relationships()
	b.analyses()
	b.incidents()
	b.reports()
	b.groupings()
	b.notesAndOpinions()
	b.translations()
}

const statementText = "Copyright 2026 Fusion demo data — synthetic. Not real intelligence: never use it for detection, blocking, attribution or any operational decision."

func (b *builder) markings() {
	for _, m := range []struct{ id, name, level string }{
		{tlpClear, "TLP:CLEAR", "clear"},
		{tlpGreen, "TLP:GREEN", "green"},
		{tlpAmber, "TLP:AMBER", "amber"},
		{tlpAmberStrict, "TLP:AMBER+STRICT", "amber+strict"},
		{tlpRed, "TLP:RED", "red"},
	} {
		b.add(obj{
			{"type", "marking-definition"},
			{"spec_version", "2.1"},
			{"id", m.id},
			{"created", "2022-10-01T00:00:00.000Z"},
			{"name", m.name},
			{"extensions", obj{{tlpExtension, obj{
				{"extension_type", "property-extension"},
				{"tlp_2_0", m.level},
			}}}},
		})
	}
	id := sid("marking-definition", "statement")
	b.id["statement"] = id
	b.add(obj{
		{"type", "marking-definition"},
		{"spec_version", "2.1"},
		{"id", id},
		{"created_by_ref", b.ref("centre")},
		{"created", ts(at(0, "statement"))},
		{"name", "Fusion demo data statement"},
		{"definition_type", "statement"},
		{"definition", obj{{"statement", statementText}}},
	})
}

func (b *builder) extensionDefinition() {
	o := b.head(sdo{typ: "extension-definition", key: "ext-case", by: b.ref("centre"), created: at(0, "ext-case")})
	o = append(o,
		kv{"name", "Fusion demo case-tracking extension (synthetic)"},
		kv{"description", "Demo property extension: links an object to a case in the (fictional) Fusion demo case tracker."},
		kv{"schema", "Plain-text definition: case_reference (string) is the demo case number; handling_priority (integer 1 to 5, 1 the most urgent) is how soon the case is worked. Synthetic, for the Fusion demo data set only."},
		kv{"version", "1.0.0"},
		kv{"extension_types", []string{"property-extension"}},
	)
	b.add(b.marks(o, tlpClear))
}

// caseExt is the value of the demo case-tracking extension on an object.
func (b *builder) caseExt(ref string, priority int) obj {
	return obj{{b.ref("ext-case"), obj{
		{"extension_type", "property-extension"},
		{"case_reference", ref},
		{"handling_priority", priority},
	}}}
}

// memberUnits are the member-country units of the demo, by ISO 3166-1 alpha-2
// code, with the country name and the region-ov value of their location.
var memberUnits = []struct{ code, country, region string }{
	{"BR", "Brazil", "south-america"},
	{"DE", "Germany", "western-europe"},
	{"JP", "Japan", "eastern-asia"},
	{"KE", "Kenya", "eastern-africa"},
	{"AU", "Australia", "australia-new-zealand"},
	{"CA", "Canada", "northern-america"},
}

func (b *builder) identity(key, name, class, desc string, day int, sectors []string, extra ...kv) {
	o := b.head(sdo{typ: "identity", key: key, by: b.ref("centre"), created: at(day, key)})
	o = append(o, kv{"name", name}, kv{"description", desc}, kv{"identity_class", class})
	if len(sectors) > 0 {
		o = append(o, kv{"sectors", sectors})
	}
	o = append(o, extra...)
	b.add(b.marks(o, tlpClear))
}

func (b *builder) identities() {
	b.identity("centre", "Fusion Demo Centre", "organization",
		"Synthetic demo identity: the cyber fusion centre that publishes this demo data set. Not a real organisation.",
		0, []string{"government-national"},
		kv{"roles", []string{"demo data publisher", "coordinator"}},
		kv{"contact_information", "demo-centre@fusion.example (demo address, not monitored)"})
	b.identity("vendor", "Example Security Vendor", "organization",
		"Synthetic demo partner: a security vendor that shares malware research with the demo centre.",
		1, []string{"technology"}, kv{"contact_information", "research@vendor.example (demo address)"})
	b.identity("bank-csirt", "Example Bank CSIRT", "organization",
		"Synthetic demo partner: the incident response team of a fictional banking group.",
		1, []string{"financial-services"})
	b.identity("telecom-cert", "Example Telecom CERT", "organization",
		"Synthetic demo partner: the CERT of a fictional telecommunications operator.",
		2, []string{"telecommunications"})
	b.identity("analyst", "Demo Analyst A. Example", "individual",
		"Synthetic demo identity: a fictional analyst at the Fusion Demo Centre.", 2, nil,
		kv{"roles", []string{"analyst"}})
	for i, u := range memberUnits {
		key := "unit-" + u.code
		b.identity(key, "DEMO Member Cyber Unit "+u.code, "organization",
			fmt.Sprintf("Synthetic demo identity: a fictional member-country cyber unit (ISO 3166-1 code %s). Not a real agency.", u.code),
			2+i, []string{"government-national"}, kv{"roles", []string{"member unit"}})
	}
	b.identity("victim-bank", "Example Regional Bank (demo victim)", "organization",
		"Synthetic demo victim: a fictional regional bank targeted in DEMO Operation Tidewater.",
		12, []string{"financial-services"})
	b.identity("victim-payments", "Example Payments Ltd (demo victim)", "organization",
		"Synthetic demo victim: a fictional payment processor targeted in DEMO Operation Tidewater.",
		20, []string{"financial-services"})
	b.identity("victim-ministry", "Example Ministry Portal (demo victim)", "organization",
		"Synthetic demo victim: the citizen portal of a fictional ministry, flooded in DEMO Operation Seaspray.",
		126, []string{"government-national"})
	b.identity("sector-finance", "Financial services sector (demo)", "class",
		"Synthetic demo identity standing for the financial services sector as a whole.",
		3, []string{"financial-services"})
}

func (b *builder) location(key, name, desc string, day int, props ...kv) {
	o := b.head(sdo{typ: "location", key: key, by: b.ref("centre"), created: at(day, key)})
	o = append(o, kv{"name", name}, kv{"description", desc})
	o = append(o, props...)
	b.add(b.marks(o, tlpClear))
}

func (b *builder) locations() {
	for _, u := range memberUnits {
		b.location("loc-"+u.code, u.country, "Demo location object for a member country (synthetic data set).", 1,
			kv{"region", u.region}, kv{"country", u.code})
	}
	for _, r := range []struct{ key, name, region string }{
		{"europe", "Europe", "europe"},
		{"south-america", "South America", "south-america"},
		{"eastern-asia", "Eastern Asia", "eastern-asia"},
		{"eastern-africa", "Eastern Africa", "eastern-africa"},
		{"anz", "Australia and New Zealand", "australia-new-zealand"},
	} {
		b.location("loc-region-"+r.key, r.name, "Demo region object (synthetic data set).", 1, kv{"region", r.region})
	}
	b.location("loc-centre", "Fusion Demo Centre site (fictional)", "Demo location of the fictional Fusion Demo Centre; no real address.", 0,
		kv{"region", "western-europe"}, kv{"city", "Demo City"})
	b.location("loc-hosting", "DEMO hosting area (fictional)", "Demo location: rough area of the fictional bulletproof hosting used by DEMO Sandcastle Spider.", 14,
		kv{"latitude", 52.37}, kv{"longitude", 4.89}, kv{"precision", 25000.0}, kv{"region", "western-europe"})
}

func (b *builder) actors() {
	centre := b.ref("centre")

	// Threat actors. Sandcastle Spider has two versions: the second adds an alias
	// and moves last_seen.
	ta := b.head(sdo{typ: "threat-actor", key: "ta-sandcastle", by: centre, created: at(15, "ta-sandcastle")})
	ta = append(ta,
		kv{"name", "DEMO Sandcastle Spider"},
		kv{"description", "Fictional demo threat actor: a financially motivated crew that phishes bank staff with fake invoices. Synthetic data, not a real group."},
		kv{"threat_actor_types", []string{"crime-syndicate"}},
		kv{"aliases", []string{"DEMO-SCS", "DEMO Tidewater Crew"}},
		kv{"roles", []string{"director", "malware-author"}},
		kv{"goals", []string{"steal online-banking credentials (demo)", "extort victims with ransomware (demo)"}},
		kv{"sophistication", "advanced"},
		kv{"resource_level", "organization"},
		kv{"primary_motivation", "personal-gain"},
		kv{"first_seen", ts(at(10, "ta-sandcastle-first"))},
		kv{"last_seen", ts(at(74, "ta-sandcastle-last"))},
		kv{"confidence", 70},
	)
	ta = b.marks(ta, tlpGreen)
	b.add(ta)
	b.add(ta.with("modified", ts(at(92, "ta-sandcastle-v2"))).
		with("aliases", []string{"DEMO-SCS", "DEMO Tidewater Crew", "DEMO Low Tide Crew"}).
		with("last_seen", ts(at(148, "ta-sandcastle-last2"))).
		with("confidence", 80))

	b.threatActor("ta-driftwood", "DEMO Driftwood Jackal",
		"Fictional demo threat actor: an affiliate that recruits money mules and launders the proceeds of DEMO Operation Tidewater. Synthetic data.",
		30, []string{"criminal"}, []string{"agent"}, "intermediate", "personal-gain")
	b.threatActor("ta-gull", "DEMO Gull Collective",
		"Fictional demo threat actor: a hacktivist collective that floods government web portals. Synthetic data.",
		120, []string{"activist"}, []string{"independent"}, "minimal", "ideology")

	// Intrusion sets.
	for _, is := range []struct {
		key, name, desc string
		day             int
		motivation      string
		level           string
	}{
		{"is-tidewater", "DEMO-IS Tidewater Cluster", "Demo intrusion set: the infrastructure, malware and habits behind DEMO Operation Tidewater and DEMO Operation Low Tide (synthetic).", 16, "personal-gain", "organization"},
		{"is-mule", "DEMO-IS Mule Network", "Demo intrusion set: the money-mule network run by DEMO Driftwood Jackal (synthetic).", 31, "personal-gain", "team"},
		{"is-seaspray", "DEMO-IS Seaspray Cluster", "Demo intrusion set: the botnet and tooling of DEMO Operation Seaspray (synthetic).", 121, "ideology", "club"},
	} {
		o := b.head(sdo{typ: "intrusion-set", key: is.key, by: centre, created: at(is.day, is.key)})
		o = append(o,
			kv{"name", is.name},
			kv{"description", is.desc},
			kv{"first_seen", ts(at(is.day-5, is.key+"-first"))},
			kv{"resource_level", is.level},
			kv{"primary_motivation", is.motivation},
		)
		b.add(b.marks(o, tlpGreen))
	}

	// Campaigns. Tidewater has two versions: the second extends last_seen.
	tw := b.head(sdo{typ: "campaign", key: "camp-tidewater", by: centre, created: at(18, "camp-tidewater")})
	tw = append(tw,
		kv{"name", "DEMO Operation Tidewater"},
		kv{"description", "Demo campaign (synthetic): invoice-themed spearphishing of bank and payment staff that installs DEMO-LoaderX, then DEMO-StealerQ or DEMO-LockShell."},
		kv{"aliases", []string{"DEMO Invoice Wave"}},
		kv{"first_seen", ts(at(10, "camp-tidewater-first"))},
		kv{"last_seen", ts(at(60, "camp-tidewater-last"))},
		kv{"objective", "Steal banking credentials and extort victims (demo)."},
	)
	tw = b.marks(tw, tlpGreen)
	b.add(tw)
	b.add(tw.with("modified", ts(at(85, "camp-tidewater-v2"))).with("last_seen", ts(at(82, "camp-tidewater-last2"))))
	b.tidewaterV2 = ts(at(85, "camp-tidewater-v2"))

	for _, c := range []struct {
		key, name, desc, objective string
		first, last                int
		tlp                        string
	}{
		{"camp-lowtide", "DEMO Operation Low Tide", "Demo campaign (synthetic): follow-up to DEMO Operation Tidewater that breaks in through the fictional ExampleVPN flaw CVE-2099-0142 and spreads DEMO-LoaderX.B.", "Gain hands-on access to payment networks (demo).", 90, 150, tlpAmber},
		{"camp-seaspray", "DEMO Operation Seaspray", "Demo campaign (synthetic): traffic floods against government citizen portals by DEMO Gull Collective.", "Make government portals unavailable for a protest day (demo).", 125, 140, tlpClear},
	} {
		o := b.head(sdo{typ: "campaign", key: c.key, by: centre, created: at(c.first+2, c.key)})
		o = append(o,
			kv{"name", c.name},
			kv{"description", c.desc},
			kv{"first_seen", ts(at(c.first, c.key+"-first"))},
			kv{"last_seen", ts(at(c.last, c.key+"-last"))},
			kv{"objective", c.objective},
		)
		b.add(b.marks(o, c.tlp))
	}
}

func (b *builder) threatActor(key, name, desc string, day int, types, roles []string, soph, motivation string) {
	o := b.head(sdo{typ: "threat-actor", key: key, by: b.ref("centre"), created: at(day, key)})
	o = append(o,
		kv{"name", name},
		kv{"description", desc},
		kv{"threat_actor_types", types},
		kv{"roles", roles},
		kv{"sophistication", soph},
		kv{"primary_motivation", motivation},
		kv{"first_seen", ts(at(day-4, key+"-first"))},
	)
	b.add(b.marks(o, tlpGreen))
}

func killChain(phases ...string) []obj {
	out := make([]obj, len(phases))
	for i, p := range phases {
		out[i] = obj{{"kill_chain_name", "mitre-attack"}, {"phase_name", p}}
	}
	return out
}

func (b *builder) malwareFamilies() {
	vendor := b.ref("vendor")
	type mw struct {
		key, name, desc string
		by              string
		day             int
		types, caps     []string
		phases          []string
		langs           []string
		tlp             string
	}
	for _, m := range []mw{
		{"loaderx", "DEMO-LoaderX", "Demo malware family (synthetic): a small loader delivered in zipped fake invoices; it persists through a Run key and fetches further payloads over HTTPS.", vendor, 20,
			[]string{"downloader", "dropper"}, []string{"communicates-with-c2", "persists-after-system-reboot", "installs-other-components", "fingerprints-host"}, []string{"execution", "persistence", "command-and-control"}, []string{"c++"}, tlpGreen},
		{"loaderx-b", "DEMO-LoaderX.B", "Demo malware family (synthetic): a DEMO-LoaderX variant seen in DEMO Operation Low Tide that is dropped after exploiting CVE-2099-0142.", vendor, 95,
			[]string{"downloader"}, []string{"communicates-with-c2", "evades-av"}, []string{"execution", "command-and-control"}, []string{"go"}, tlpAmber},
		{"stealerq", "DEMO-StealerQ", "Demo malware family (synthetic): a credential stealer that reads browser stores and process memory and sends them to an exfiltration drop.", vendor, 24,
			[]string{"spyware"}, []string{"steals-authentication-credentials", "exfiltrates-data"}, []string{"credential-access", "exfiltration"}, []string{"c"}, tlpGreen},
		{"lockshell", "DEMO-LockShell", "Demo malware family (synthetic): ransomware that encrypts file shares and deletes shadow copies; leaves README_DEMO_LOCKSHELL.txt.", b.ref("centre"), 40,
			[]string{"ransomware"}, []string{"compromises-data-availability", "prevents-artifact-deletion"}, []string{"impact"}, []string{"c++"}, tlpClear},
	} {
		o := b.head(sdo{typ: "malware", key: m.key, by: m.by, created: at(m.day, m.key)})
		o = append(o,
			kv{"name", m.name},
			kv{"description", m.desc},
			kv{"malware_types", m.types},
			kv{"is_family", true},
			kv{"first_seen", ts(at(m.day-6, m.key+"-first"))},
			kv{"capabilities", m.caps},
			kv{"implementation_languages", m.langs},
			kv{"architecture_execution_envs", []string{"x86-64"}},
			kv{"kill_chain_phases", killChain(m.phases...)},
		)
		b.add(b.marks(o, m.tlp))
	}
}

// malwareInstances (is_family false) point at their sample files, so they are
// added once the file SCOs exist.
func (b *builder) malwareInstances() {
	for _, m := range []struct{ key, name, desc, sample, family string }{
		{"sample-loaderx", "DEMO-LoaderX sample from invoice_0317.zip", "Demo malware instance (synthetic): the loaderx.exe build found inside the invoice_0317.zip lure.", "file-loaderx", "loaderx"},
		{"sample-stealerq", "DEMO-StealerQ sample stq_helper.dll", "Demo malware instance (synthetic): the stq_helper.dll component recovered at Example Regional Bank.", "file-stealerq", "stealerq"},
	} {
		o := b.head(sdo{typ: "malware", key: m.key, by: b.ref("bank-csirt"), created: at(45, m.key)})
		o = append(o,
			kv{"name", m.name},
			kv{"description", m.desc},
			kv{"malware_types", []string{"trojan"}},
			kv{"is_family", false},
			kv{"sample_refs", []string{b.ref(m.sample)}},
			kv{"operating_system_refs", []string{b.ref("sw-exampleos")}},
		)
		b.add(b.marks(o, tlpAmber))
	}
}

func (b *builder) tools() {
	for _, t := range []struct {
		key, name, desc string
		types           []string
		day             int
		version         string
	}{
		{"tunnelr", "DEMO-Tunnelr", "Demo tool (synthetic): a reverse-tunnel utility used to reach internal desktops from outside.", []string{"remote-access"}, 96, "0.9.3"},
		{"portsweep", "DEMO PortSweep", "Demo tool (synthetic): a fictional network scanner used to map VPN appliances.", []string{"vulnerability-scanning", "information-gathering"}, 92, "2.2"},
		{"creddump", "DEMO CredDump", "Demo tool (synthetic): a fictional credential dumping utility.", []string{"credential-exploitation"}, 50, "1.4"},
		{"floodkit", "DEMO-FloodKit", "Demo tool (synthetic): a fictional traffic-flood kit distributed to DEMO Gull Collective volunteers.", []string{"denial-of-service"}, 124, "3.0"},
	} {
		o := b.head(sdo{typ: "tool", key: t.key, by: b.ref("centre"), created: at(t.day, t.key)})
		o = append(o,
			kv{"name", t.name},
			kv{"description", t.desc},
			kv{"tool_types", t.types},
			kv{"tool_version", t.version},
		)
		b.add(b.marks(o, tlpGreen))
	}
}

// attackPatterns uses MITRE ATT&CK technique ids and names (facts); the
// descriptions are the demo's own.
var attackPatterns = []struct{ key, id, name, phase, desc string }{
	{"ap-spearphish-attach", "T1566.001", "Phishing: Spearphishing Attachment", "initial-access", "Demo summary: a lure email carries a malicious file that the recipient is coaxed into opening."},
	{"ap-spearphish-link", "T1566.002", "Phishing: Spearphishing Link", "initial-access", "Demo summary: a lure email links to a page that serves a payload or harvests credentials."},
	{"ap-malicious-file", "T1204.002", "User Execution: Malicious File", "execution", "Demo summary: the attack depends on a person opening a file they received."},
	{"ap-powershell", "T1059.001", "Command and Scripting Interpreter: PowerShell", "execution", "Demo summary: PowerShell runs the next stage without writing a script to disk."},
	{"ap-run-keys", "T1547.001", "Boot or Logon Autostart Execution: Registry Run Keys / Startup Folder", "persistence", "Demo summary: a Run key restarts the implant at every logon."},
	{"ap-web-protocols", "T1071.001", "Application Layer Protocol: Web Protocols", "command-and-control", "Demo summary: command traffic hides in ordinary HTTP(S) requests."},
	{"ap-ingress-tool", "T1105", "Ingress Tool Transfer", "command-and-control", "Demo summary: further tools are downloaded onto the compromised host."},
	{"ap-data-encrypted", "T1486", "Data Encrypted for Impact", "impact", "Demo summary: files are encrypted so the victim cannot use them without paying."},
	{"ap-inhibit-recovery", "T1490", "Inhibit System Recovery", "impact", "Demo summary: backups and shadow copies are removed before encryption."},
	{"ap-exfil-c2", "T1041", "Exfiltration Over C2 Channel", "exfiltration", "Demo summary: stolen data leaves through the same channel the implant uses for commands."},
	{"ap-lsass", "T1003.001", "OS Credential Dumping: LSASS Memory", "credential-access", "Demo summary: credentials are read from the memory of the local security authority process."},
	{"ap-rdp", "T1021.001", "Remote Services: Remote Desktop Protocol", "lateral-movement", "Demo summary: stolen accounts are used to open remote desktop sessions on other hosts."},
	{"ap-exploit-public", "T1190", "Exploit Public-Facing Application", "initial-access", "Demo summary: a flaw in an internet-facing appliance gives the first foothold."},
	{"ap-valid-accounts", "T1078", "Valid Accounts", "initial-access", "Demo summary: real but stolen credentials are used to log in."},
	{"ap-disable-tools", "T1562.001", "Impair Defenses: Disable or Modify Tools", "defense-evasion", "Demo summary: security agents are stopped or tampered with before the payload runs."},
	{"ap-acquire-domains", "T1583.001", "Acquire Infrastructure: Domains", "resource-development", "Demo summary: look-alike domains are registered ahead of the campaign."},
	{"ap-financial-theft", "T1657", "Financial Theft", "impact", "Demo summary: money is moved out of victim accounts through mules."},
	{"ap-network-dos", "T1498", "Network Denial of Service", "impact", "Demo summary: floods of traffic exhaust the bandwidth of the target."},
}

func (b *builder) attackPatterns() {
	for i, ap := range attackPatterns {
		o := b.head(sdo{typ: "attack-pattern", key: ap.key, by: b.ref("centre"), created: at(3+i/6, ap.key)})
		url := "https://attack.mitre.org/techniques/" + ap.id[:5] + "/"
		if len(ap.id) > 5 {
			url = "https://attack.mitre.org/techniques/" + ap.id[:5] + "/" + ap.id[6:] + "/"
		}
		refs := []obj{{{"source_name", "mitre-attack"}, {"external_id", ap.id}, {"url", url}}}
		if ap.id == "T1566.001" {
			refs = append(refs, obj{{"source_name", "capec"}, {"external_id", "CAPEC-163"}})
		}
		o = append(o,
			kv{"name", ap.name},
			kv{"description", ap.desc + " (Synthetic demo text.)"},
			kv{"kill_chain_phases", killChain(ap.phase)},
			kv{"external_references", refs},
		)
		b.add(b.marks(o, tlpClear))
	}
}

func (b *builder) vulnerabilities() {
	for _, v := range []struct{ key, cve, name, desc string }{
		{"vuln-0142", "CVE-2099-0142", "CVE-2099-0142", "Fictional demo vulnerability: a pre-authentication path traversal in the made-up ExampleVPN appliance. CVE-2099 ids are never real."},
		{"vuln-1337", "CVE-2099-1337", "CVE-2099-1337", "Fictional demo vulnerability: script injection in the made-up ExampleMail webmail."},
		{"vuln-2048", "CVE-2099-2048", "CVE-2099-2048", "Fictional demo vulnerability: a macro sandbox bypass in the made-up ExampleDocs editor."},
	} {
		o := b.head(sdo{typ: "vulnerability", key: v.key, by: b.ref("centre"), created: at(8, v.key)})
		o = append(o,
			kv{"name", v.name},
			kv{"description", v.desc},
			kv{"external_references", []obj{{{"source_name", "cve"}, {"external_id", v.cve}}}},
		)
		b.add(b.marks(o, tlpClear))
	}
}

func (b *builder) infrastructure() {
	for _, in := range []struct {
		key, name, desc string
		types           []string
		day             int
		phases          []string
		tlp             string
	}{
		{"infra-c2", "DEMO Tidewater C2 cluster", "Demo infrastructure (synthetic): the servers DEMO-LoaderX beacons to.", []string{"command-and-control"}, 22, []string{"command-and-control"}, tlpGreen},
		{"infra-phish", "DEMO invoice phishing kit hosting", "Demo infrastructure (synthetic): look-alike sites that host the invoice lures and a fake bank login.", []string{"phishing"}, 14, []string{"initial-access"}, tlpGreen},
		{"infra-staging", "DEMO LoaderX payload staging", "Demo infrastructure (synthetic): servers that serve the zipped DEMO-LoaderX payloads.", []string{"hosting-malware", "staging"}, 16, []string{"initial-access"}, tlpGreen},
		{"infra-exfil", "DEMO exfiltration drop", "Demo infrastructure (synthetic): where DEMO-StealerQ uploads stolen credentials.", []string{"exfiltration"}, 28, []string{"exfiltration"}, tlpAmber},
		{"infra-botnet", "DEMO Seaspray botnet", "Demo infrastructure (synthetic): hijacked home routers that carry the DEMO Operation Seaspray floods.", []string{"botnet", "amplification"}, 123, []string{"impact"}, tlpClear},
	} {
		o := b.head(sdo{typ: "infrastructure", key: in.key, by: b.ref("centre"), created: at(in.day, in.key)})
		o = append(o,
			kv{"name", in.name},
			kv{"description", in.desc},
			kv{"infrastructure_types", in.types},
			kv{"kill_chain_phases", killChain(in.phases...)},
			kv{"first_seen", ts(at(in.day-3, in.key+"-first"))},
		)
		b.add(b.marks(o, in.tlp))
	}
}

func (b *builder) coursesOfAction() {
	for _, c := range []struct{ key, name, desc string }{
		{"coa-block", "DEMO CoA: block Tidewater network indicators", "Demo course of action (synthetic): block the shared IP addresses, domains and URLs at the perimeter and in DNS."},
		{"coa-macros", "DEMO CoA: block macros and archives from the internet", "Demo course of action (synthetic): stop documents and archives received by email from running code."},
		{"coa-patch", "DEMO CoA: patch ExampleVPN for CVE-2099-0142", "Demo course of action (synthetic): update the fictional ExampleVPN appliance and rotate its credentials."},
		{"coa-mfa", "DEMO CoA: phishing-resistant multi-factor authentication", "Demo course of action (synthetic): require hardware-backed second factors for remote access and banking back-office systems."},
		{"coa-backups", "DEMO CoA: keep offline backups", "Demo course of action (synthetic): keep tested offline backups so DEMO-LockShell cannot take data hostage."},
	} {
		o := b.head(sdo{typ: "course-of-action", key: c.key, by: b.ref("centre"), created: at(70, c.key)})
		o = append(o, kv{"name", c.name}, kv{"description", c.desc})
		b.add(b.marks(o, tlpClear))
	}
}

// ---- observed data ----

func (b *builder) observedData() {
	for i, od := range []struct {
		key, by     string
		first, days int
		count       int
		refs        []string
		tlp         string
	}{
		{"od-c2-traffic", "unit-DE", 30, 5, 37, []string{"ip-victim", "ip-c2", "nt-c2"}, tlpAmber},
		{"od-phish-email", "bank-csirt", 17, 0, 1, []string{"email-msg", "email-sender", "email-victim", "artifact-raw-email", "file-invoice-zip", "file-loaderx"}, tlpAmber},
		{"od-host", "bank-csirt", 18, 1, 1, []string{"proc-powershell", "proc-loader", "file-loaderx", "dir-public", "reg-run", "mutex-loaderx", "ua-victim"}, tlpAmber},
		{"od-cert", "vendor", 21, 9, 4, []string{"x509-cdn", "dom-cdn", "ip-staging", "rel|resolves-to|dom-cdn|ip-staging"}, tlpGreen},
		{"od-gate", "unit-JP", 96, 3, 12, []string{"nt-gate", "ip6-victim", "dom-gate", "url-gate", "mac-victim"}, tlpAmber},
		{"od-ransom", "unit-BR", 58, 0, 1, []string{"file-lockshell", "file-ransom-note", "dir-programdata"}, tlpGreen},
		{"od-exfil", "vendor", 33, 6, 9, []string{"ip-exfil", "ua-unix", "url-phish", "dom-bank-lookalike", "ip6-c2", "file-stealerq", "artifact-download", "url-payload"}, tlpAmber},
	} {
		first := at(od.first, od.key+"-first")
		last := first.Add(time.Duration(od.days)*24*time.Hour + time.Duration(i+1)*time.Hour)
		o := b.head(sdo{typ: "observed-data", key: od.key, by: b.ref(od.by), created: last.Add(2 * time.Hour)})
		o = append(o,
			kv{"first_observed", ts(first)},
			kv{"last_observed", ts(last)},
			kv{"number_observed", od.count},
			kv{"object_refs", b.refs(od.refs...)},
		)
		b.add(b.marks(o, od.tlp))
	}
}

// ---- sightings ----

func (b *builder) sightings() {
	type s struct {
		of, unit string
		day      int
		count    int
		od       []string
		tlp      string
	}
	list := []s{
		{"ind-loaderx-c2-0", "unit-DE", 31, 37, []string{"od-c2-traffic"}, tlpAmber},
		{"ind-loaderx-c2-0", "unit-BR", 34, 5, nil, tlpAmber},
		{"ind-loaderx-c2-1", "unit-DE", 36, 2, nil, tlpGreen},
		{"ind-loaderx-c2-2", "unit-CA", 40, 11, nil, tlpGreen},
		{"ind-tidewater-phish-0", "unit-BR", 18, 14, []string{"od-phish-email"}, tlpAmber},
		{"ind-tidewater-phish-1", "unit-DE", 19, 3, nil, tlpGreen},
		{"ind-tidewater-phish-2", "unit-AU", 22, 6, nil, tlpGreen},
		{"ind-tidewater-phish-3", "unit-CA", 25, 1, nil, tlpGreen},
		{"ind-stealerq-0", "unit-BR", 35, 4, []string{"od-exfil"}, tlpAmber},
		{"ind-stealerq-1", "unit-KE", 44, 2, nil, tlpAmber},
		{"ind-lockshell-0", "unit-BR", 58, 1, []string{"od-ransom"}, tlpGreen},
		{"ind-lockshell-1", "unit-AU", 63, 1, nil, tlpGreen},
		{"ind-lowtide-0", "unit-JP", 97, 12, []string{"od-gate"}, tlpAmber},
		{"ind-lowtide-1", "unit-AU", 101, 7, nil, tlpAmber},
		{"ind-lowtide-2", "unit-JP", 104, 3, nil, tlpRed},
		{"ind-seaspray-0", "unit-KE", 127, 4200, nil, tlpClear},
		{"ind-seaspray-1", "unit-KE", 128, 3900, nil, tlpClear},
		{"ind-seaspray-2", "unit-CA", 129, 800, nil, tlpClear},
		{"ind-mule-0", "unit-DE", 52, 2, nil, tlpAmberStrict},
		{"ind-compound-0", "unit-JP", 47, 1, nil, tlpGreen},
	}
	for i, x := range list {
		key := fmt.Sprintf("sighting-%02d", i)
		first := at(x.day, key+"-first")
		last := first.Add(time.Duration(1+i%5) * 37 * time.Hour)
		o := b.head(sdo{typ: "sighting", key: key, by: b.ref(x.unit), created: last.Add(3 * time.Hour)})
		o = append(o,
			kv{"description", "Synthetic demo sighting reported by DEMO Member Cyber Unit " + x.unit[len("unit-"):] + "."},
			kv{"first_seen", ts(first)},
			kv{"last_seen", ts(last)},
			kv{"count", x.count},
			kv{"sighting_of_ref", b.ref(x.of)},
		)
		if len(x.od) > 0 {
			o = append(o, kv{"observed_data_refs", b.refs(x.od...)})
		}
		o = append(o, kv{"where_sighted_refs", []string{b.ref(x.unit)}}, kv{"summary", false})
		b.add(b.marks(o, x.tlp))
	}
	// A partner sights the malware family itself, as a summary of a week.
	o := b.head(sdo{typ: "sighting", key: "sighting-loaderx-weekly", by: b.ref("bank-csirt"), created: at(49, "sighting-loaderx-weekly")})
	o = append(o,
		kv{"description", "Synthetic demo sighting: weekly summary of DEMO-LoaderX detections at Example Bank CSIRT's constituents."},
		kv{"first_seen", ts(at(42, "sighting-loaderx-weekly-first"))},
		kv{"last_seen", ts(at(48, "sighting-loaderx-weekly-last"))},
		kv{"count", 23},
		kv{"sighting_of_ref", b.ref("loaderx")},
		kv{"where_sighted_refs", []string{b.ref("bank-csirt"), b.ref("loc-BR")}},
		kv{"summary", true},
	)
	b.add(b.marks(o, tlpAmber))

	// The centre's own sensors see the flood too.
	o = b.head(sdo{typ: "sighting", key: "sighting-centre-sensor", by: b.ref("centre"), created: at(128, "sighting-centre-sensor")})
	o = append(o,
		kv{"description", "Synthetic demo sighting: the Fusion Demo Centre's own (fictional) sensors logged flood traffic from this source."},
		kv{"first_seen", ts(at(127, "sighting-centre-sensor-first"))},
		kv{"last_seen", ts(at(127, "sighting-centre-sensor-first").Add(5 * time.Hour))},
		kv{"count", 1200},
		kv{"sighting_of_ref", b.ref("ind-seaspray-3")},
		kv{"where_sighted_refs", []string{b.ref("centre")}},
	)
	b.add(b.marks(o, tlpClear))
}

// ---- relationships ----

func (b *builder) rel(typ, src, dst string, day int, desc string) {
	b.relBy(typ, src, dst, day, desc, "centre", tlpGreen)
}

func (b *builder) relBy(typ, src, dst string, day int, desc, by, tlp string) {
	key := "rel|" + typ + "|" + src + "|" + dst
	o := b.head(sdo{typ: "relationship", key: key, by: b.ref(by), created: at(day, key)})
	o = append(o, kv{"relationship_type", typ})
	if desc != "" {
		o = append(o, kv{"description", desc})
	}
	o = append(o, kv{"source_ref", b.ref(src)}, kv{"target_ref", b.ref(dst)})
	b.add(b.marks(o, tlp))
}

func (b *builder) relationships() {
	// Attribution.
	b.rel("attributed-to", "is-tidewater", "ta-sandcastle", 20, "Demo assessment: the Tidewater cluster is run by DEMO Sandcastle Spider.")
	b.rel("attributed-to", "is-mule", "ta-driftwood", 35, "")
	b.rel("attributed-to", "is-seaspray", "ta-gull", 126, "")
	b.rel("attributed-to", "camp-tidewater", "is-tidewater", 20, "")
	b.rel("attributed-to", "camp-lowtide", "is-tidewater", 95, "Demo assessment: same loader lineage and the same staging habits as Tidewater.")
	b.rel("attributed-to", "camp-seaspray", "is-seaspray", 127, "")
	b.rel("related-to", "ta-driftwood", "ta-sandcastle", 36, "Demo assessment: DEMO Driftwood Jackal cashes out for DEMO Sandcastle Spider.")
	b.rel("impersonates", "ta-sandcastle", "victim-bank", 21, "Demo: the lures pose as Example Regional Bank's suppliers and its login page.")
	b.rel("authored-by", "loaderx", "ta-sandcastle", 40, "")

	// What they use.
	for _, x := range [][2]string{
		{"ta-sandcastle", "loaderx"}, {"ta-sandcastle", "stealerq"}, {"ta-sandcastle", "lockshell"},
		{"ta-sandcastle", "creddump"}, {"ta-sandcastle", "ap-acquire-domains"},
		{"ta-driftwood", "ap-financial-theft"},
		{"ta-gull", "floodkit"},
		{"is-tidewater", "infra-c2"}, {"is-tidewater", "infra-phish"}, {"is-tidewater", "infra-staging"},
		{"is-tidewater", "infra-exfil"},
		{"camp-tidewater", "ap-spearphish-attach"}, {"camp-tidewater", "ap-spearphish-link"},
		{"camp-tidewater", "ap-malicious-file"}, {"camp-tidewater", "ap-powershell"}, {"camp-tidewater", "loaderx"},
		{"camp-lowtide", "ap-exploit-public"}, {"camp-lowtide", "ap-valid-accounts"}, {"camp-lowtide", "ap-rdp"},
		{"camp-lowtide", "ap-lsass"}, {"camp-lowtide", "ap-disable-tools"},
		{"camp-lowtide", "loaderx-b"}, {"camp-lowtide", "tunnelr"},
		{"camp-seaspray", "floodkit"}, {"camp-seaspray", "infra-botnet"}, {"camp-seaspray", "ap-network-dos"},
		{"loaderx", "ap-run-keys"}, {"loaderx", "ap-web-protocols"}, {"loaderx", "ap-ingress-tool"},
		{"loaderx-b", "ap-exploit-public"}, {"stealerq", "ap-lsass"}, {"stealerq", "ap-exfil-c2"},
		{"lockshell", "ap-data-encrypted"}, {"lockshell", "ap-inhibit-recovery"},
	} {
		b.rel("uses", x[0], x[1], 60, "")
	}

	// Whom and what they target.
	for _, x := range [][2]string{
		{"camp-tidewater", "victim-bank"}, {"camp-tidewater", "victim-payments"}, {"camp-tidewater", "sector-finance"},
		{"camp-tidewater", "loc-region-europe"}, {"camp-tidewater", "loc-region-south-america"}, {"camp-tidewater", "vuln-1337"},
		{"camp-lowtide", "vuln-0142"}, {"camp-lowtide", "loc-region-eastern-asia"}, {"camp-lowtide", "loc-region-anz"},
		{"camp-seaspray", "victim-ministry"}, {"camp-seaspray", "loc-region-eastern-africa"},
	} {
		b.rel("targets", x[0], x[1], 62, "")
	}

	// Malware lineage and behaviour.
	b.relBy("variant-of", "loaderx-b", "loaderx", 96, "Demo: shares the configuration format and string encryption of DEMO-LoaderX.", "vendor", tlpGreen)
	b.relBy("variant-of", "sample-loaderx", "loaderx", 46, "", "bank-csirt", tlpAmber)
	b.relBy("variant-of", "sample-stealerq", "stealerq", 46, "", "bank-csirt", tlpAmber)
	b.rel("downloads", "loaderx", "stealerq", 30, "")
	b.rel("drops", "loaderx", "lockshell", 44, "")
	b.rel("exploits", "loaderx-b", "vuln-0142", 96, "")
	b.rel("exploits", "loaderx", "vuln-2048", 30, "")
	b.rel("communicates-with", "loaderx", "ip-c2", 31, "")
	b.rel("communicates-with", "loaderx-b", "ip6-c2", 97, "")
	b.rel("beacons-to", "loaderx", "infra-c2", 31, "")
	b.rel("exfiltrates-to", "stealerq", "infra-exfil", 34, "")
	b.rel("controls", "infra-c2", "loaderx", 31, "")
	b.rel("hosts", "infra-staging", "loaderx", 21, "")

	// Infrastructure make-up.
	for _, x := range [][2]string{
		{"infra-c2", "ip-c2"}, {"infra-c2", "ip6-c2"}, {"infra-c2", "dom-gate"},
		{"infra-phish", "dom-cdn"}, {"infra-phish", "url-phish"}, {"infra-phish", "dom-bank-lookalike"},
		{"infra-staging", "ip-staging"}, {"infra-staging", "url-payload"}, {"infra-exfil", "ip-exfil"},
	} {
		b.rel("consists-of", x[0], x[1], 40, "")
	}
	b.rel("located-at", "infra-c2", "loc-hosting", 41, "Demo assessment with low confidence.")

	// Defence.
	for _, x := range [][2]string{
		{"coa-block", "ap-web-protocols"}, {"coa-macros", "ap-malicious-file"}, {"coa-macros", "ap-spearphish-attach"},
		{"coa-macros", "vuln-2048"}, {"coa-patch", "vuln-0142"}, {"coa-mfa", "ap-valid-accounts"},
		{"coa-backups", "ap-data-encrypted"}, {"coa-backups", "ap-inhibit-recovery"},
	} {
		b.rel("mitigates", x[0], x[1], 71, "")
	}
	b.rel("remediates", "coa-backups", "lockshell", 71, "")
	b.rel("investigates", "coa-block", "ind-loaderx-c2-0", 71, "")

	// Where people are.
	for _, u := range memberUnits {
		b.rel("located-at", "unit-"+u.code, "loc-"+u.code, 5, "")
	}
	for _, x := range [][2]string{
		{"centre", "loc-centre"}, {"analyst", "loc-centre"}, {"vendor", "loc-DE"}, {"bank-csirt", "loc-BR"},
		{"telecom-cert", "loc-KE"}, {"victim-bank", "loc-BR"}, {"victim-payments", "loc-DE"}, {"victim-ministry", "loc-KE"},
	} {
		b.rel("located-at", x[0], x[1], 6, "")
	}

	// Indicators are based on what was observed.
	b.rel("based-on", "ind-loaderx-c2-0", "od-c2-traffic", 32, "")
	b.rel("based-on", "ind-tidewater-phish-0", "od-phish-email", 18, "")
	b.rel("based-on", "ind-compound-0", "od-host", 20, "")
	b.rel("based-on", "ind-tidewater-phish-1", "od-cert", 22, "")
}

// ---- analyses, incidents, reports, groupings, notes, opinions ----

func (b *builder) analyses() {
	o := b.head(sdo{typ: "malware-analysis", key: "ma-sandbox", by: b.ref("vendor"), created: at(47, "ma-sandbox")})
	o = append(o,
		kv{"description", "Demo malware analysis (synthetic): detonation of the DEMO-LoaderX sample in a fictional sandbox."},
		kv{"product", "DEMO Sandbox (fictional)"},
		kv{"version", "2026.1"},
		kv{"configuration_version", "demo-profile-7"},
		kv{"modules", []string{"network", "registry", "process", "mutex"}},
		kv{"analysis_engine_version", "7.3.0"},
		kv{"host_vm_ref", b.ref("sw-sandbox-vm")},
		kv{"operating_system_ref", b.ref("sw-exampleos")},
		kv{"installed_software_refs", []string{b.ref("sw-examplevpn")}},
		kv{"submitted", ts(at(46, "ma-sandbox-submitted"))},
		kv{"analysis_started", ts(at(46, "ma-sandbox-submitted").Add(4 * time.Minute))},
		kv{"analysis_ended", ts(at(46, "ma-sandbox-submitted").Add(9 * time.Minute))},
		kv{"result_name", "DEMO-LoaderX"},
		kv{"result", "malicious"},
		kv{"analysis_sco_refs", b.refs("ip-c2", "dom-gate", "mutex-loaderx", "reg-run", "nt-c2", "proc-loader")},
		kv{"sample_ref", b.ref("file-loaderx")},
	)
	b.add(b.marks(o, tlpGreen))

	o = b.head(sdo{typ: "malware-analysis", key: "ma-av", by: b.ref("vendor"), created: at(47, "ma-av")})
	o = append(o,
		kv{"description", "Demo malware analysis (synthetic): a fictional anti-virus engine's verdict on the DEMO-StealerQ sample."},
		kv{"product", "Example AV (fictional)"},
		kv{"analysis_engine_version", "12.0"},
		kv{"analysis_definition_version", "2026.02.20"},
		kv{"result_name", "Demo.Trojan.StealerQ"},
		kv{"result", "malicious"},
		kv{"sample_ref", b.ref("file-stealerq")},
	)
	b.add(b.marks(o, tlpGreen))

	b.relBy("dynamic-analysis-of", "ma-sandbox", "sample-loaderx", 47, "", "vendor", tlpGreen)
	b.relBy("characterizes", "ma-av", "sample-stealerq", 47, "", "vendor", tlpGreen)
}

func (b *builder) incidents() {
	o := b.head(sdo{typ: "incident", key: "incident-bank", by: b.ref("bank-csirt"), created: at(19, "incident-bank"), modified: at(50, "incident-bank-v2")})
	o = append(o,
		kv{"name", "DEMO incident: credential theft at Example Regional Bank"},
		kv{"description", "Demo incident (synthetic): a payments clerk opened invoice_0317.zip; DEMO-LoaderX then installed DEMO-StealerQ. Contained within two days."},
		kv{"x_fusion_demo_score", 87},
		kv{"extensions", b.caseExt("DEMO-CASE-0001", 1)},
	)
	b.add(b.marks(o, tlpAmberStrict))
	o = b.head(sdo{typ: "incident", key: "incident-ministry", by: b.ref("unit-KE"), created: at(128, "incident-ministry")})
	o = append(o,
		kv{"name", "DEMO incident: citizen portal outage"},
		kv{"description", "Demo incident (synthetic): the Example Ministry Portal was unreachable for six hours during DEMO Operation Seaspray."},
		kv{"extensions", b.caseExt("DEMO-CASE-0007", 3)},
	)
	b.add(b.marks(o, tlpGreen))
	b.relBy("related-to", "incident-bank", "camp-tidewater", 50, "", "bank-csirt", tlpAmber)
	b.relBy("related-to", "incident-bank", "victim-bank", 50, "", "bank-csirt", tlpAmber)
	b.relBy("related-to", "incident-ministry", "camp-seaspray", 129, "", "unit-KE", tlpGreen)
	b.relBy("related-to", "incident-ministry", "victim-ministry", 129, "", "unit-KE", tlpGreen)
}

func (b *builder) report(key, name, desc, by string, day int, types []string, refs []string, tlp string, extra ...kv) {
	o := b.head(sdo{typ: "report", key: key, by: b.ref(by), created: at(day, key)})
	o = append(o,
		kv{"name", name},
		kv{"description", desc},
		kv{"report_types", types},
		kv{"published", ts(at(day, key).Add(30 * time.Minute))},
		kv{"object_refs", refs},
	)
	o = append(o, extra...)
	b.add(b.marks(o, tlp))
}

func (b *builder) reports() {
	b.report("rep-tidewater-sitrep", "DEMO Operation Tidewater: situation report (synthetic)",
		"Demo report: who is behind DEMO Operation Tidewater, how the intrusions unfold and what to block. The paragraph on the victims is TLP:AMBER.",
		"centre", 80, []string{"threat-report", "campaign"},
		append(b.refs("camp-tidewater", "ta-sandcastle", "ta-driftwood", "is-tidewater", "loaderx", "stealerq", "lockshell",
			"infra-c2", "infra-phish", "infra-staging", "infra-exfil", "victim-bank", "victim-payments", "vuln-1337", "vuln-2048",
			"ap-spearphish-attach", "ap-spearphish-link", "ap-malicious-file", "ap-powershell", "coa-block", "coa-macros"),
			b.relIDs("attributed-to|is-tidewater|ta-sandcastle", "attributed-to|camp-tidewater|is-tidewater",
				"uses|camp-tidewater|loaderx", "downloads|loaderx|stealerq", "drops|loaderx|lockshell")...),
		tlpGreen,
		kv{"granular_markings", []obj{{{"selectors", []string{"description"}}, {"marking_ref", tlpAmber}}}},
		kv{"external_references", []obj{{{"source_name", "Example Security Vendor"}, {"description", "Fictional vendor write-up on DEMO-LoaderX (demo reference)."}, {"url", "https://vendor.example/research/demo-loaderx"}}}},
	)
	b.report("rep-tidewater-iocs", "DEMO Operation Tidewater: indicator pack (synthetic)",
		"Demo report: every indicator the demo centre and its partners shared for DEMO Operation Tidewater. Synthetic values only.",
		"centre", 81, []string{"indicator"},
		append(b.refs("camp-tidewater"), b.indicatorRefs("tidewater-phish", "loaderx-c2", "stealerq", "lockshell", "compound")...), tlpGreen)
	b.report("rep-lowtide-advisory", "DEMO advisory: CVE-2099-0142 exploited in DEMO Operation Low Tide (synthetic)",
		"Demo report: the fictional ExampleVPN flaw is used to drop DEMO-LoaderX.B; patch and hunt with the indicators listed.",
		"vendor", 100, []string{"vulnerability", "threat-report"},
		append(b.refs("camp-lowtide", "vuln-0142", "loaderx-b", "tunnelr", "portsweep", "coa-patch", "coa-mfa", "ap-exploit-public", "ap-valid-accounts"),
			b.indicatorRefs("lowtide")...), tlpAmber)
	b.report("rep-seaspray-flash", "DEMO flash alert: DEMO Operation Seaspray (synthetic)",
		"Demo report: a hacktivist flood campaign against government portals; the addresses listed are open proxies and hijacked routers (all fictional).",
		"unit-KE", 130, []string{"threat-report"},
		append(b.refs("camp-seaspray", "ta-gull", "is-seaspray", "floodkit", "infra-botnet", "victim-ministry", "incident-ministry"),
			b.indicatorRefs("seaspray")...), tlpClear)
}

// relIDs returns the ids of relationships by "type|source|target" story keys.
func (b *builder) relIDs(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = b.ref("rel|" + k)
	}
	return out
}

func (b *builder) groupings() {
	for _, g := range []struct {
		key, name, desc, context, by string
		day                          int
		refs                         []string
		tlp                          string
	}{
		{"grp-bank-phish", "DEMO bank-sector phishing wave (synthetic)", "Demo grouping: material gathered while the bank-sector phishing wave was still being understood.", "suspicious-activity", "bank-csirt", 26,
			append(b.refs("od-phish-email", "od-host", "incident-bank", "sighting-04", "sighting-05", "email-msg"), b.indicatorRefs("tidewater-phish")[:6]...), tlpAmber},
		{"grp-loaderx-sandbox", "DEMO LoaderX sandbox results (synthetic)", "Demo grouping: the sandbox run of the DEMO-LoaderX sample and what it touched.", "malware-analysis", "vendor", 48,
			b.refs("ma-sandbox", "ma-av", "sample-loaderx", "sample-stealerq", "file-loaderx", "mutex-loaderx", "reg-run", "od-host"), tlpGreen},
		{"grp-mule-leads", "DEMO money-mule leads (synthetic)", "Demo grouping: unsorted financial leads on DEMO Driftwood Jackal's mule network.", "unspecified", "centre", 55,
			append(b.refs("ta-driftwood", "is-mule"), b.indicatorRefs("mule")...), tlpAmberStrict},
	} {
		o := b.head(sdo{typ: "grouping", key: g.key, by: b.ref(g.by), created: at(g.day, g.key)})
		o = append(o, kv{"name", g.name}, kv{"description", g.desc}, kv{"context", g.context}, kv{"object_refs", g.refs})
		b.add(b.marks(o, g.tlp))
	}
}

func (b *builder) notesAndOpinions() {
	for _, n := range []struct {
		key, by, abstract, content string
		authors                    []string
		day                        int
		refs                       []string
		tlp                        string
	}{
		{"note-tidewater", "analyst", "Demo note: lure timing", "Synthetic demo note: the Tidewater lures arrive on the last working day of the month, when invoice volume is highest. Worth a reminder to payment teams.",
			[]string{"Demo Analyst A. Example"}, 40, b.refs("camp-tidewater"), tlpGreen},
		{"note-fp", "unit-JP", "Demo note: possible false positive", "Synthetic demo note: one address in this indicator also served a fictional content-delivery network for a week; check the time window before blocking.",
			[]string{"DEMO Member Cyber Unit JP analyst"}, 105, b.refs("ind-lowtide-2"), tlpRed},
		{"note-advisory", "vendor", "Demo note: detection coverage", "Synthetic demo note: the vendor's fictional engine detects DEMO-LoaderX.B since signature set 2026.04.11.",
			[]string{"Example Security Vendor research"}, 101, b.refs("rep-lowtide-advisory", "loaderx-b"), tlpGreen},
		{"note-incident", "bank-csirt", "Demo note: containment", "Synthetic demo note: credentials of 14 fictional users were reset and the affected host re-imaged.",
			[]string{"Example Bank CSIRT"}, 21, b.refs("incident-bank"), tlpAmberStrict},
	} {
		o := b.head(sdo{typ: "note", key: n.key, by: b.ref(n.by), created: at(n.day, n.key)})
		o = append(o, kv{"abstract", n.abstract}, kv{"content", n.content}, kv{"authors", n.authors}, kv{"object_refs", n.refs})
		b.add(b.marks(o, n.tlp))
	}
	for _, op := range []struct {
		key, by, explanation, opinion string
		day                           int
		refs                          []string
		tlp                           string
	}{
		{"op-csirt-sitrep", "bank-csirt", "Synthetic demo opinion: matches what we saw at our constituents.", "agree", 82, b.refs("rep-tidewater-sitrep"), tlpGreen},
		{"op-de-c2", "unit-DE", "Synthetic demo opinion: confirmed by our own traffic data.", "strongly-agree", 33, b.refs("ind-loaderx-c2-0"), tlpGreen},
		{"op-jp-lowtide", "unit-JP", "Synthetic demo opinion: this address is shared infrastructure; expect false positives.", "disagree", 105, b.refs("ind-lowtide-2"), tlpAmber},
	} {
		o := b.head(sdo{typ: "opinion", key: op.key, by: b.ref(op.by), created: at(op.day, op.key)})
		o = append(o, kv{"explanation", op.explanation}, kv{"opinion", op.opinion}, kv{"object_refs", op.refs})
		b.add(b.marks(o, op.tlp))
	}
}

// translations adds a language-content object for the campaign's second version.
func (b *builder) translations() {
	o := b.head(sdo{typ: "language-content", key: "lc-tidewater", by: b.ref("centre"), created: at(86, "lc-tidewater")})
	o = append(o,
		kv{"object_ref", b.ref("camp-tidewater")},
		kv{"object_modified", b.tidewaterV2},
		kv{"contents", obj{
			{"es", obj{
				{"name", "DEMO Operación Tidewater"},
				{"description", "Campaña de demostración (sintética): phishing con facturas falsas contra bancos que instala DEMO-LoaderX."},
			}},
			{"fr", obj{
				{"name", "DEMO Opération Tidewater"},
				{"description", "Campagne de démonstration (synthétique) : hameçonnage par fausses factures visant des banques, qui installe DEMO-LoaderX."},
			}},
		}},
	)
	b.add(b.marks(o, tlpGreen))
}

// rawEmail is the payload of the demo raw-email artifact.
var rawEmail = base64.StdEncoding.EncodeToString([]byte(
	"From: DEMO Accounts Receivable <billing@tidewater-invoices.example>\r\n" +
		"To: ap-team@example-regional-bank.example\r\n" +
		"Subject: DEMO Invoice 0317 overdue\r\n\r\n" +
		"Synthetic demo email for the Fusion demo data set. Not a real message.\r\n"))
