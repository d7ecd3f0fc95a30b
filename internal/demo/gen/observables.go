package main

import "time"

// Observable values used by the SCOs and by some indicators, so the two agree.
const (
	ipC2       = "198.51.100.23"
	ipStaging  = "203.0.113.77"
	ipExfil    = "198.51.100.99"
	ipVictim   = "192.0.2.45"
	ip6C2      = "2001:db8:7a1d::23"
	ip6Victim  = "2001:db8:ffff::45"
	domCDN     = "cdn.tidewater-invoices.example"
	domGate    = "update.loaderx-demo.example.net"
	domLookMe  = "login.examplebank-secure.test"
	urlPayload = "https://cdn.tidewater-invoices.example/dl/invoice_0317.zip"
	urlGate    = "http://update.loaderx-demo.example.net/gate.php?id=7f3a"
	urlPhish   = "https://login.examplebank-secure.test/verify/session"
	mailSender = "billing@tidewater-invoices.example"
	mailVictim = "ap-team@example-regional-bank.example"
	mutexName  = `Global\DEMO_LoaderX_7f3a`
	runKey     = `HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run`
	runValue   = "DemoLoaderXUpdater"
)

// Labels of the made-up files; their hashes are digests of these labels.
const (
	labelLoaderX  = "DEMO-LoaderX build 2026-03 (loaderx.exe)"
	labelZip      = "DEMO invoice lure archive (invoice_0317.zip)"
	labelStealerQ = "DEMO-StealerQ component (stq_helper.dll)"
	labelLockExe  = "DEMO-LockShell encryptor (lockshell.exe)"
	labelNote     = "DEMO-LockShell ransom note"
	labelCert     = "DEMO Tidewater self-signed certificate"
)

func sha256Of(label string) string { _, _, s := digests(label); return s }

// observables adds at least one SCO of each of the 18 STIX 2.1 types, plus the
// relationships between SCOs that STIX 2.1 expresses as SROs (resolves-to,
// belongs-to).
func (b *builder) observables() {
	t := func(d int, key string) string { return ts(at(d, key)) }

	b.sco("autonomous-system", "as-hosting", obj{{"number", 64500}, {"name", "DEMO-BULLETPROOF-AS (documentation ASN)"}, {"rir", "DEMO-RIR (fictional)"}})
	b.sco("autonomous-system", "as-victim-isp", obj{{"number", 64501}, {"name", "DEMO-EXAMPLE-ISP (documentation ASN)"}})

	b.sco("ipv4-addr", "ip-c2", obj{{"value", ipC2}})
	b.sco("ipv4-addr", "ip-staging", obj{{"value", ipStaging}})
	b.sco("ipv4-addr", "ip-exfil", obj{{"value", ipExfil}})
	b.sco("ipv4-addr", "ip-victim", obj{{"value", ipVictim}})
	b.sco("ipv6-addr", "ip6-c2", obj{{"value", ip6C2}})
	b.sco("ipv6-addr", "ip6-victim", obj{{"value", ip6Victim}})
	b.sco("mac-addr", "mac-victim", obj{{"value", "00:00:5e:00:53:2a"}})

	b.sco("domain-name", "dom-cdn", obj{{"value", domCDN}})
	b.sco("domain-name", "dom-gate", obj{{"value", domGate}})
	b.sco("domain-name", "dom-bank-lookalike", obj{{"value", domLookMe}})

	b.sco("url", "url-payload", obj{{"value", urlPayload}})
	b.sco("url", "url-gate", obj{{"value", urlGate}})
	b.sco("url", "url-phish", obj{{"value", urlPhish}})

	b.sco("email-addr", "email-sender", obj{{"value", mailSender}, {"display_name", "DEMO Accounts Receivable"}})
	b.sco("email-addr", "email-victim", obj{{"value", mailVictim}, {"display_name", "AP Team (demo victim mailbox)"}})

	// Files and the directories that hold them. A file's id depends on its
	// parent directory's id, so directory ids are computed first.
	dirPublic := b.scoID("directory", "", obj{{"path", `C:\Users\Public`}})
	dirProgramData := b.scoID("directory", "", obj{{"path", `C:\ProgramData\DemoLockShell`}})
	fileLoader := b.sco("file", "file-loaderx", obj{
		{"hashes", obj{{"SHA-256", sha256Of(labelLoaderX)}}},
		{"size", 184320},
		{"name", "loaderx.exe"},
		{"mime_type", "application/vnd.microsoft.portable-executable"},
		{"parent_directory_ref", dirPublic},
		{"extensions", obj{{"windows-pebinary-ext", obj{
			{"pe_type", "exe"},
			{"machine_hex", "8664"},
			{"number_of_sections", 5},
			{"time_date_stamp", "2026-03-10T11:22:33Z"},
		}}}},
	})
	fileZip := b.sco("file", "file-invoice-zip", obj{
		{"hashes", obj{{"SHA-256", sha256Of(labelZip)}}},
		{"size", 96211},
		{"name", "invoice_0317.zip"},
		{"mime_type", "application/zip"},
		{"extensions", obj{{"archive-ext", obj{
			{"contains_refs", []string{fileLoader}},
			{"comment", "Synthetic demo archive"},
		}}}},
	})
	b.sco("file", "file-stealerq", obj{
		{"hashes", obj{{"SHA-256", sha256Of(labelStealerQ)}}},
		{"size", 71680},
		{"name", "stq_helper.dll"},
	})
	fileLock := b.sco("file", "file-lockshell", obj{
		{"hashes", obj{{"SHA-256", sha256Of(labelLockExe)}}},
		{"size", 402944},
		{"name", "lockshell.exe"},
		{"parent_directory_ref", dirProgramData},
	})
	fileNote := b.sco("file", "file-ransom-note", obj{
		{"hashes", obj{{"SHA-256", sha256Of(labelNote)}}},
		{"size", 1337},
		{"name", "README_DEMO_LOCKSHELL.txt"},
		{"mime_type", "text/plain"},
		{"parent_directory_ref", dirProgramData},
	})
	b.sco("directory", "dir-public", obj{{"path", `C:\Users\Public`}, {"contains_refs", []string{fileLoader}}})
	b.sco("directory", "dir-programdata", obj{
		{"path", `C:\ProgramData\DemoLockShell`},
		{"ctime", t(57, "dir-programdata")},
		{"contains_refs", []string{fileLock, fileNote}},
	})

	b.sco("artifact", "artifact-raw-email", obj{{"mime_type", "message/rfc822"}, {"payload_bin", rawEmail}})
	b.sco("artifact", "artifact-download", obj{
		{"mime_type", "application/zip"},
		{"url", urlPayload},
		{"hashes", obj{{"SHA-256", sha256Of(labelZip)}}},
	})
	b.sco("email-message", "email-msg", obj{
		{"is_multipart", true},
		{"date", t(17, "email-msg")},
		{"content_type", "multipart/mixed"},
		{"from_ref", b.ref("email-sender")},
		{"to_refs", []string{b.ref("email-victim")}},
		{"message_id", "<demo-0317@tidewater-invoices.example>"},
		{"subject", "DEMO Invoice 0317 overdue"},
		{"additional_header_fields", obj{{"X-Mailer", "DEMO-Mailer 1.0 (synthetic)"}}},
		{"body_multipart", []obj{
			{{"content_type", "text/plain; charset=utf-8"}, {"body", "Synthetic demo lure: please review the attached invoice. (Fusion demo data, not a real message.)"}},
			{{"content_type", "application/zip"}, {"content_disposition", `attachment; filename="invoice_0317.zip"`}, {"body_raw_ref", fileZip}},
		}},
		{"raw_email_ref", b.ref("artifact-raw-email")},
	})

	start := at(30, "nt-c2")
	b.sco("network-traffic", "nt-c2", obj{
		{"start", ts(start)},
		{"end", ts(start.Add(47*time.Second + 250*time.Millisecond))},
		{"src_ref", b.ref("ip-victim")},
		{"dst_ref", b.ref("ip-c2")},
		{"src_port", 49822},
		{"dst_port", 443},
		{"protocols", []string{"ipv4", "tcp", "tls"}},
		{"src_byte_count", 4812},
		{"dst_byte_count", 190233},
	})
	b.sco("network-traffic", "nt-gate", obj{
		{"start", t(96, "nt-gate")},
		{"is_active", false},
		{"src_ref", b.ref("ip6-victim")},
		{"dst_ref", b.ref("dom-gate")},
		{"dst_port", 80},
		{"protocols", []string{"ipv6", "tcp", "http"}},
		{"extensions", obj{{"http-request-ext", obj{
			{"request_method", "get"},
			{"request_value", "/gate.php?id=7f3a"},
			{"request_version", "http/1.1"},
		}}}},
	})

	uaVictim := b.sco("user-account", "ua-victim", obj{
		{"user_id", "S-1-5-21-0-0-0-1104"},
		{"account_login", "j.example"},
		{"account_type", "windows-domain"},
		{"display_name", "J. Example (demo user)"},
		{"is_privileged", false},
	})
	b.sco("user-account", "ua-unix", obj{
		{"user_id", "1001"},
		{"account_login", "demo-svc"},
		{"account_type", "unix"},
		{"display_name", "Demo service account on the fictional exfiltration drop"},
		{"extensions", obj{{"unix-account-ext", obj{
			{"gid", 1001},
			{"groups", []string{"demo"}},
			{"home_dir", "/home/demo-svc"},
			{"shell", "/bin/bash"},
		}}}},
	})
	b.sco("windows-registry-key", "reg-run", obj{
		{"key", runKey},
		{"values", []obj{{{"name", runValue}, {"data", `C:\Users\Public\loaderx.exe /demo`}, {"data_type", "REG_SZ"}}}},
		{"modified_time", t(18, "reg-run")},
		{"creator_user_ref", uaVictim},
	})
	b.sco("mutex", "mutex-loaderx", obj{{"name", mutexName}})

	// Processes have no ID Contributing Properties: UUIDv4 from a stable key.
	procLoader := sid("process", "proc-loader")
	b.sco("process", "proc-powershell", obj{
		{"pid", 3120},
		{"created_time", t(18, "proc-powershell")},
		{"cwd", `C:\Users\Public`},
		{"command_line", `powershell.exe -NoProfile -WindowStyle Hidden -Command "# synthetic demo command line"`},
		{"creator_user_ref", uaVictim},
		{"child_refs", []string{procLoader}},
	})
	b.sco("process", "proc-loader", obj{
		{"pid", 4242},
		{"created_time", t(18, "proc-loader")},
		{"command_line", `C:\Users\Public\loaderx.exe /demo`},
		{"extensions", obj{{"windows-process-ext", obj{
			{"aslr_enabled", true},
			{"dep_enabled", true},
			{"integrity_level", "medium"},
			{"owner_sid", "S-1-5-21-0-0-0-1104"},
		}}}},
		{"opened_connection_refs", []string{b.ref("nt-c2")}},
		{"creator_user_ref", uaVictim},
		{"image_ref", fileLoader},
		{"parent_ref", b.ref("proc-powershell")},
	})

	b.sco("x509-certificate", "x509-cdn", obj{
		{"is_self_signed", true},
		{"hashes", obj{{"SHA-256", sha256Of(labelCert)}}},
		{"version", "3"},
		{"serial_number", "5d:45:4d:4f:00:00:00:01"},
		{"signature_algorithm", "sha256WithRSAEncryption"},
		{"issuer", "CN=DEMO Tidewater Self-Signed, O=Fictional Example"},
		{"validity_not_before", t(12, "x509-cdn-nb")},
		{"validity_not_after", t(355, "x509-cdn-na")},
		{"subject", "CN=" + domCDN},
		{"subject_public_key_algorithm", "rsaEncryption"},
		{"subject_public_key_exponent", 65537},
		{"x509_v3_extensions", obj{
			{"basic_constraints", "CA:FALSE"},
			{"subject_alternative_name", "DNS:" + domCDN},
		}},
	})

	b.sco("software", "sw-exampleos", obj{
		{"name", "ExampleOS"},
		{"cpe", "cpe:2.3:o:example:exampleos:11.2:*:*:*:*:*:*:*"},
		{"languages", []string{"en"}},
		{"vendor", "Example Corp (fictional)"},
		{"version", "11.2"},
	})
	b.sco("software", "sw-examplevpn", obj{
		{"name", "ExampleVPN appliance firmware"},
		{"cpe", "cpe:2.3:o:example:examplevpn_firmware:4.1.7:*:*:*:*:*:*:*"},
		{"vendor", "Example Networks (fictional)"},
		{"version", "4.1.7"},
	})
	b.sco("software", "sw-sandbox-vm", obj{
		{"name", "DEMO Sandbox guest image"},
		{"vendor", "Example Security Vendor"},
		{"version", "2026.1"},
	})

	// SCO-to-SCO relationships (STIX 2.1 prefers SROs to the deprecated
	// resolves_to_refs / belongs_to_refs properties).
	for _, x := range []struct{ typ, src, dst string }{
		{"resolves-to", "dom-cdn", "ip-staging"},
		{"resolves-to", "dom-gate", "ip-c2"},
		{"resolves-to", "dom-bank-lookalike", "ip6-c2"},
		{"belongs-to", "ip-c2", "as-hosting"},
		{"belongs-to", "ip-staging", "as-hosting"},
		{"belongs-to", "ip-exfil", "as-hosting"},
		{"belongs-to", "ip-victim", "as-victim-isp"},
	} {
		b.relBy(x.typ, x.src, x.dst, 25, "", "centre", tlpGreen)
	}
}
