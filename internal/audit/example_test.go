package audit_test

import (
	"fmt"
	"time"

	"github.com/fusion-cti/fusion/internal/audit"
)

func Example() {
	at := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	records := []audit.Record{
		{Time: at, Actor: "cli", Action: "org.add", Target: "ACME CERT", Remote: "local"},
		{Time: at.Add(time.Second), Actor: "cli", Action: "key.create", Target: "key-7f3a", Org: "ACME CERT", Remote: "local"},
		{Time: at.Add(2 * time.Second), Actor: "key-7f3a", Org: "ACME CERT", Action: "object.write",
			Target: "indicator--0c1d2e3f-0000-4000-8000-000000000000", Remote: "192.0.2.10:51514"},
	}

	// Writing: validate, then chain each entry to the one before.
	var log []audit.Entry
	var prev *audit.Entry
	for _, r := range records {
		if err := r.Validate(); err != nil {
			fmt.Println(err)
			return
		}
		log = append(log, audit.Next(prev, r))
		prev = &log[len(log)-1]
	}
	anchor := log[len(log)-1] // kept outside the log

	// Someone edits entry 2 in the database.
	log[1].Target = "key-0000"

	// Checking: the store yields its rows in storage order.
	rows := func(yield func(audit.Entry, error) bool) {
		for _, e := range log {
			if !yield(e, nil) {
				return
			}
		}
	}
	report, err := audit.Verify(rows)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("entries:", report.Entries, "head:", report.Head.Seq)
	for _, f := range append(report.Findings, audit.VerifyHead(report, anchor)...) {
		fmt.Println(f.Kind, f.Detail)
	}
	// Output:
	// entries: 3 head: 3
	// changed entry 2: stored hash does not match its content (edited after it was written)
}
