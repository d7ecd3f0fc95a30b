package intel

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/stix"
)

// GroupResolver maps the marking-definition ids of groups to their ids,
// for Options.Group.
func GroupResolver(groups []access.Group) func(markingID string) (int64, bool) {
	byMarking := make(map[string]int64, len(groups))
	for _, g := range groups {
		byMarking[g.MarkingID()] = g.ID
	}
	return func(id string) (int64, bool) {
		g, ok := byMarking[id]
		return g, ok
	}
}

// GroupMarking returns the marking definition that stands for a sharing
// group: a statement marking (so that any STIX consumer can read it) whose
// id carries the group's UUID.
func GroupMarking(g access.Group) []byte {
	md := map[string]any{
		"type":            "marking-definition",
		"spec_version":    "2.1",
		"id":              g.MarkingID(),
		"created":         stix.FormatTime(g.Created.UTC().Truncate(time.Millisecond)),
		"name":            "Fusion sharing group " + g.Name,
		"definition_type": "statement",
		"definition":      map[string]string{"statement": "Shared only with the members of the Fusion sharing group " + g.Name + "."},
	}
	raw, _ := json.Marshal(md) // strings and maps only: cannot fail
	return raw
}

// StoreGroupMarking stores a group's marking definition, seen by the
// group's members (and the centre).
func (in *Ingester) StoreGroupMarking(ctx context.Context, g access.Group) error {
	_, err := in.Bundle(ctx, "group "+g.Name, bytes.NewReader(GroupMarking(g)), Options{
		Source:   "fusion",
		Defaults: access.Defaults{TLP: access.Amber, Groups: []int64{g.ID}},
	})
	return err
}
