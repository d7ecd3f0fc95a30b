package audit

import "fmt"

// why is the cause behind a finding; it picks the Detail sentence and
// whether neighbouring findings merge.
type why uint8

const (
	whyEdited          why = iota + 1 // Changed
	whyRenumbered                     // Changed; ctx: stored seq minus place
	whyFieldsEdited                   // Changed: Seq and Prev fields only
	whyHeadDiffers                    // Changed, from VerifyHead
	whyMissing                        // Removed; ctx: the seq after the gap
	whyMissingRelinked                // Removed; ctx: the seq after the gap
	whyTruncated                      // Removed, from VerifyHead; ctx: head seq
	whyFork                           // Inserted; ctx: the tip's seq
	whyReplayed                       // Inserted; ctx: the tip's seq
	whyStray                          // Inserted; ctx: the tip's seq
	whyBackwards                      // Inserted; ctx: the tip's seq
	whyMoved                          // Reordered; ctx: seq of the entry stored before it
	whyUnlinked                       // Broken
	whyMisnumbered                    // Broken; ctx: the stored seq
)

func (w why) merges() bool {
	switch w {
	case whyMissing, whyMissingRelinked, whyTruncated, whyHeadDiffers, whyMisnumbered, whyReplayed:
		return false
	}
	return true
}

// pending is a finding whose range may still grow.
type pending struct {
	f   Finding
	why why
	ctx int64
}

func (p pending) finding() Finding {
	f := p.f
	f.Detail = p.detail()
	return f
}

func (p pending) detail() string {
	f := p.f
	one := f.Seq == f.Last
	// pick chooses between the singular and the plural sentence.
	pick := func(single, plural string, args ...any) string {
		if one {
			return fmt.Sprintf("entry %d: "+single, append([]any{f.Seq}, args...)...)
		}
		return fmt.Sprintf("entries %d-%d: "+plural, append([]any{f.Seq, f.Last}, args...)...)
	}
	follows := "to follow entry " + fmt.Sprint(p.ctx)
	if p.ctx == 0 {
		follows = "to be the first entry"
	}
	switch p.why {
	case whyEdited:
		return pick("stored hash does not match its content (edited after it was written)",
			"stored hashes do not match their content (edited after they were written)")
	case whyRenumbered:
		if one {
			return pick("stored as seq %d: renumbered after it was written, content otherwise intact", "", f.Seq+p.ctx)
		}
		return pick("", "stored as seqs %d-%d: renumbered after they were written, contents otherwise intact", f.Seq+p.ctx, f.Last+p.ctx)
	case whyFieldsEdited:
		return pick("its seq or prev hash was edited after it was written, content otherwise intact",
			"their seq or prev hashes were edited after they were written, contents otherwise intact")
	case whyHeadDiffers:
		return pick("differs from the anchored copy (the log was rewritten up to its last entry)", "")
	case whyMissing, whyMissingRelinked:
		var s string
		switch {
		case f.Seq == 1:
			s = pick("missing (deleted): the log starts at entry %d", "missing (deleted): the log starts at entry %d", p.ctx)
		default:
			s = pick("missing (deleted): entry %d is followed by entry %d", "missing (deleted): entry %d is followed by entry %d", f.Seq-1, p.ctx)
		}
		if p.why == whyMissingRelinked {
			s += ", re-linked over the gap with a recomputed hash"
		}
		return s
	case whyTruncated:
		end := fmt.Sprintf("ends at entry %d", p.ctx)
		if p.ctx == 0 {
			end = "is empty"
		}
		return pick("missing from the end of the log (truncated): the anchor records entry %d but the log %s",
			"missing from the end of the log (truncated): the anchor records entry %d but the log %s", f.Last, end)
	case whyFork:
		return pick("inserted (forged): it claims %s, as does the entry the rest of the chain continues from",
			"inserted (forged): they claim %s, as does the entry the rest of the chain continues from", follows)
	case whyReplayed:
		return pick("inserted (replayed): an exact copy of entry %d, which is already in the chain", "", f.Seq)
	case whyStray:
		return pick("inserted (forged): it does not link to entry %d, and the chain continues from there without it",
			"inserted (forged): they do not link to entry %d, and the chain continues from there without them", p.ctx)
	case whyBackwards:
		return pick("inserted (forged or replayed): stored after entry %d, it neither links to it nor advances the seq",
			"inserted (forged or replayed): stored after entry %d, they neither link to it nor advance the seq", p.ctx)
	case whyMoved:
		return pick("stored out of order, after entry %d (rows were moved or swapped)",
			"stored out of order, after entry %d (rows were moved)", p.ctx)
	case whyUnlinked:
		if one && f.Seq == 1 {
			return pick("has a prev hash, but the first entry has none (rewritten with a recomputed hash)", "")
		}
		if one {
			return pick("does not link to entry %d (entry %d was rewritten with a recomputed hash, or this entry's prev hash was)", "", f.Seq-1, f.Seq-1)
		}
		return pick("", "do not link to the entries before them (rewritten with recomputed hashes)")
	case whyMisnumbered:
		return pick("stored as seq %d with a recomputed hash (rewritten)", "", p.ctx)
	}
	return pick("%s", "%s", f.Kind)
}
