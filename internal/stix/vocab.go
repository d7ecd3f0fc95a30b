package stix

// Vocabularies of STIX 2.1 section 10 (with the Errata 01 additions).
// Names ending in -ov are open: other values are allowed but draw a warning.
// Names ending in -enum are closed: other values are errors.

type vocab struct {
	name   string
	open   bool
	values map[string]struct{}
}

func (v *vocab) has(s string) bool { _, ok := v.values[s]; return ok }

func newVocab(name string, values ...string) *vocab {
	m := make(map[string]struct{}, len(values))
	for _, s := range values {
		m[s] = struct{}{}
	}
	return &vocab{name: name, open: len(name) > 3 && name[len(name)-3:] == "-ov", values: m}
}

var (
	accountTypeOV = newVocab("account-type-ov",
		"facebook", "ldap", "nis", "openid", "radius", "skype", "tacacs",
		"twitter", "unix", "windows-local", "windows-domain")

	attackMotivationOV = newVocab("attack-motivation-ov",
		"accidental", "coercion", "dominance", "ideology", "notoriety",
		"organizational-gain", "personal-gain", "personal-satisfaction",
		"revenge", "unpredictable")

	attackResourceLevelOV = newVocab("attack-resource-level-ov",
		"individual", "club", "contest", "team", "organization", "government")

	encryptionAlgorithmEnum = newVocab("encryption-algorithm-enum",
		"AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated")

	extensionTypeEnum = newVocab("extension-type-enum",
		"new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension")

	groupingContextOV = newVocab("grouping-context-ov",
		"suspicious-activity", "malware-analysis", "unspecified")

	hashAlgorithmOV = newVocab("hash-algorithm-ov",
		"MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH")

	identityClassOV = newVocab("identity-class-ov",
		"individual", "group", "system", "organization", "class", "unknown")

	implementationLanguageOV = newVocab("implementation-language-ov",
		"applescript", "bash", "c", "c++", "c#", "go", "java", "javascript",
		"lua", "objective-c", "perl", "php", "powershell", "python", "ruby",
		"rust", "scala", "swift", "typescript", "visual-basic", "x86-32", "x86-64")

	indicatorTypeOV = newVocab("indicator-type-ov",
		"anomalous-activity", "anonymization", "benign", "compromised",
		"malicious-activity", "attribution", "unknown")

	industrySectorOV = newVocab("industry-sector-ov",
		"agriculture", "aerospace", "automotive", "chemical", "commercial",
		"communications", "construction", "defense", "education", "energy",
		"entertainment", "financial-services", "government",
		"emergency-services", "government-local", "government-national",
		"government-public-services", "government-regional", "healthcare",
		"hospitality-leisure", "infrastructure", "dams", "nuclear", "water",
		"insurance", "legal", "manufacturing", "mining", "non-profit",
		"pharmaceuticals", "retail", "technology", "telecommunications",
		"transportation", "utilities")

	infrastructureTypeOV = newVocab("infrastructure-type-ov",
		"amplification", "anonymization", "botnet", "command-and-control",
		"control-system", "exfiltration", "firewall", "hosting-malware",
		"hosting-target-lists", "phishing", "reconnaissance",
		"routers-switches", "staging", "workstation", "unknown")

	malwareCapabilitiesOV = newVocab("malware-capabilities-ov",
		"accesses-remote-machines", "anti-debugging", "anti-disassembly",
		"anti-emulation", "anti-memory-forensics", "anti-sandbox", "anti-vm",
		"captures-input-peripherals", "captures-output-peripherals",
		"captures-system-state-data", "cleans-traces-of-infection",
		"commits-fraud", "communicates-with-c2", "compromises-data-availability",
		"compromises-data-integrity", "compromises-system-availability",
		"controls-local-machine", "degrades-security-software",
		"degrades-system-updates", "determines-c2-server", "emails-spam",
		"escalates-privileges", "evades-av", "exfiltrates-data",
		"fingerprints-host", "hides-artifacts", "hides-executing-code",
		"infects-files", "infects-remote-machines", "installs-other-components",
		"persists-after-system-reboot", "prevents-artifact-access",
		"prevents-artifact-deletion", "probes-network-environment",
		"self-modifies", "steals-authentication-credentials",
		"violates-system-operational-integrity")

	malwareResultOV = newVocab("malware-result-ov",
		"malicious", "suspicious", "benign", "unknown")

	malwareTypeOV = newVocab("malware-type-ov",
		"adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper",
		"exploit-kit", "keylogger", "ransomware", "remote-access-trojan",
		"resource-exploitation", "rogue-security-software", "rootkit",
		"screen-capture", "spyware", "trojan", "unknown", "virus", "webshell",
		"wiper", "worm")

	socketAddressFamilyEnum = newVocab("network-socket-address-family-enum",
		"AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS",
		"AF_INET6", "AF_IRDA", "AF_BTH")

	socketTypeEnum = newVocab("network-socket-type-enum",
		"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET")

	opinionEnum = newVocab("opinion-enum",
		"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree")

	patternTypeOV = newVocab("pattern-type-ov",
		"stix", "pcre", "sigma", "snort", "suricata", "yara")

	processorArchitectureOV = newVocab("processor-architecture-ov",
		"alpha", "arm", "ia-64", "mips", "powerpc", "sparc", "x86", "x86-64")

	regionOV = newVocab("region-ov",
		"africa", "eastern-africa", "middle-africa", "northern-africa",
		"southern-africa", "western-africa",
		"americas", "caribbean", "central-america", "latin-america-caribbean",
		"northern-america", "south-america",
		"asia", "central-asia", "eastern-asia", "southern-asia",
		"south-eastern-asia", "western-asia",
		"europe", "eastern-europe", "northern-europe", "southern-europe",
		"western-europe",
		"oceania", "antarctica", "australia-new-zealand", "melanesia",
		"micronesia", "polynesia")

	reportTypeOV = newVocab("report-type-ov",
		"attack-pattern", "campaign", "identity", "incident", "indicator",
		"intrusion-set", "malware", "observed-data", "threat-actor",
		"threat-report", "tool", "vulnerability")

	threatActorTypeOV = newVocab("threat-actor-type-ov",
		"activist", "competitor", "crime-syndicate", "criminal", "hacker",
		"insider-accidental", "insider-disgruntled", "nation-state",
		"private-sector", "sensationalist", "spy", "terrorist", "unknown")

	threatActorRoleOV = newVocab("threat-actor-role-ov",
		"agent", "director", "independent", "infrastructure-architect",
		"infrastructure-operator", "malware-author", "sponsor")

	threatActorSophisticationOV = newVocab("threat-actor-sophistication-ov",
		"none", "minimal", "intermediate", "advanced", "expert", "innovator", "strategic")

	toolTypeOV = newVocab("tool-type-ov",
		"denial-of-service", "exploitation", "information-gathering",
		"network-capture", "credential-exploitation", "remote-access",
		"vulnerability-scanning", "unknown")

	windowsIntegrityLevelEnum = newVocab("windows-integrity-level-enum",
		"low", "medium", "high", "system")

	windowsPEBinaryTypeOV = newVocab("windows-pebinary-type-ov", "dll", "exe", "sys")

	windowsRegistryDatatypeEnum = newVocab("windows-registry-datatype-enum",
		"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
		"REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN", "REG_LINK",
		"REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTION",
		"REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE")

	windowsServiceStartTypeEnum = newVocab("windows-service-start-type-enum",
		"SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START",
		"SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT")

	windowsServiceTypeEnum = newVocab("windows-service-type-enum",
		"SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER",
		"SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS")

	windowsServiceStatusEnum = newVocab("windows-service-status-enum",
		"SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED",
		"SERVICE_RUNNING", "SERVICE_START_PENDING", "SERVICE_STOP_PENDING",
		"SERVICE_STOPPED")

	// Marking definition types of section 7.2.1 (definition_type is an open
	// vocabulary, deprecated in favour of extensions).
	markingDefinitionTypeOV = newVocab("marking-definition-type-ov", "statement", "tlp")
)
