package ruletext

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc"
)

// Direction says which traffic an IP rule matches.
type Direction int

const (
	// Outbound matches traffic from $HOME_NET to the indicator
	// ("$HOME_NET any -> 192.0.2.1 any"): hosts reaching out to it.
	Outbound Direction = iota
	// Inbound matches traffic from the indicator to $HOME_NET.
	Inbound
	// Both matches either ("$HOME_NET any <> 192.0.2.1 any").
	Both
)

// Header writes the address part of a rule header between home and the
// indicator's address, for protocol proto: "ip $HOME_NET any -> 192.0.2.1 any".
func (d Direction) Header(b []byte, proto, home, addr string) []byte {
	b = append(b, proto...)
	switch d {
	case Inbound:
		return append(b, " "+addr+" any -> "+home+" any"...)
	case Both:
		return append(b, " "+home+" any <> "+addr+" any"...)
	default:
		return append(b, " "+home+" any -> "+addr+" any"...)
	}
}

// Check reports an unknown direction.
func (d Direction) Check() error {
	if d < Outbound || d > Both {
		return fmt.Errorf("direction %d: want Outbound, Inbound or Both", d)
	}
	return nil
}

// Settings are the options both rule exporters share. Ready fills the
// defaults of the zero values and checks the rest.
type Settings struct {
	// Action is the rule action: "alert" (default), "drop", "reject" or
	// "pass".
	Action string
	// ClassType is the classtype of every rule (default "trojan-activity").
	ClassType string
	// MsgPrefix starts every msg (default "FUSION").
	MsgPrefix string
	// Reference, when set, adds "reference:url,<Reference><STIX id>;" to
	// each rule: a URL prefix without scheme, as reference.config adds
	// "http://" ("fusion.example.org/objects/").
	Reference string
	// RevFromModified sets rev to the Unix time of the indicator's
	// modification instead of 1, so a new version of an indicator gets a
	// higher rev.
	RevFromModified bool
	// SIDBase and SIDSpan bound the sids: [SIDBase, SIDBase+SIDSpan).
	// Defaults 9,000,000 and 90,000,000 (sids 9,000,000–98,999,999, above
	// where local rules start and clear of the Talos and Emerging Threats
	// ranges).
	SIDBase, SIDSpan uint32

	sids *SIDs
}

// Defaults of the shared options.
const (
	DefaultAction    = "alert"
	DefaultClassType = "trojan-activity"
	DefaultMsgPrefix = "FUSION"
	DefaultSIDBase   = 9_000_000
	DefaultSIDSpan   = 90_000_000
)

// Ready returns a copy with defaults filled and a fresh sid range, or an
// error naming format ("suricata rules") and the bad option.
func (s Settings) Ready(format string) (*Settings, error) {
	if s.Action == "" {
		s.Action = DefaultAction
	}
	switch s.Action {
	case "alert", "drop", "reject", "pass":
	default:
		return nil, fmt.Errorf("%s: action %q: want alert, drop, reject or pass", format, s.Action)
	}
	if s.ClassType == "" {
		s.ClassType = DefaultClassType
	}
	if !word(s.ClassType, "-_") {
		return nil, fmt.Errorf("%s: classtype %q: want letters, digits, '-' and '_' (a name from classification.config)", format, s.ClassType)
	}
	if s.MsgPrefix == "" {
		s.MsgPrefix = DefaultMsgPrefix
	}
	if s.Reference != "" && (!word(s.Reference, "-_.~/:?=&%+@!$*'()[]#") || strings.Contains(s.Reference, "://")) {
		return nil, fmt.Errorf("%s: reference prefix %q: want a URL without its scheme (reference.config adds it) and without ';', ',', quotes or spaces", format, s.Reference)
	}
	if s.SIDBase == 0 {
		s.SIDBase = DefaultSIDBase
	}
	if s.SIDSpan == 0 {
		s.SIDSpan = DefaultSIDSpan
	}
	sids, err := NewSIDs(s.SIDBase, s.SIDSpan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", format, err)
	}
	s.sids = sids
	return &s, nil
}

// SID assigns the id for a rule key (see Key).
func (s *Settings) SID(key string) (uint32, error) { return s.sids.Assign(key) }

func word(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

// Msg writes the msg option: `msg:"FUSION <what> <value> - <name> (<id>)";`
// with the value and name cut at 80 characters.
func (s *Settings) Msg(b []byte, what, value string, ind *codec.Indicator) []byte {
	b = append(b, `msg:"`...)
	b = AppendMsg(b, s.MsgPrefix+" "+what)
	if value != "" {
		b = append(b, ' ')
		b = AppendMsg(b, ioc.Text(value, 80))
	}
	if name := ioc.Text(ind.Name, 80); name != "" {
		b = append(b, " - "...)
		b = AppendMsg(b, name)
	}
	if ind.ID != "" {
		b = append(b, " ("...)
		b = AppendMsg(b, ioc.Text(ind.ID, 100))
		b = append(b, ')')
	}
	return append(b, `"; `...)
}

// Tail writes the options after the match part, up to the closing
// parenthesis: reference (when a prefix is set), classtype, sid, rev and
// metadata with the STIX id, TLP, confidence and dates.
func (s *Settings) Tail(b []byte, sid uint32, ind *codec.Indicator) []byte {
	id := token(ind.ID)
	if s.Reference != "" && id != "" {
		b = append(b, "reference:url,"+s.Reference...)
		b = append(b, id...)
		b = append(b, "; "...)
	}
	b = append(b, "classtype:"+s.ClassType+"; sid:"...)
	b = strconv.AppendUint(b, uint64(sid), 10)
	b = append(b, "; rev:"...)
	b = strconv.AppendUint(b, uint64(s.Rev(ind)), 10)
	b = append(b, ';')
	sep := " metadata:"
	add := func(k, v string) {
		if v == "" {
			return
		}
		b = append(b, sep...)
		b = append(b, k...)
		b = append(b, ' ')
		b = append(b, v...)
		sep = ", "
	}
	add("stix_id", id)
	add("tlp", token(ind.TLP))
	if ind.Confidence >= 0 && ind.Confidence <= 100 {
		add("confidence", strconv.Itoa(ind.Confidence))
	}
	add("created_at", day(ind.Created))
	add("updated_at", day(ind.Modified))
	if sep == ", " {
		b = append(b, ';')
	}
	return append(b, ')')
}

// Rev is 1, or with RevFromModified the Unix time of the indicator's
// Modified (seconds), which grows with every new version.
func (s *Settings) Rev(ind *codec.Indicator) uint32 {
	if s.RevFromModified {
		if u := ind.Modified.Unix(); u > 0 && u <= 1<<32-1 {
			return uint32(u)
		}
	}
	return 1
}

// token keeps a value usable as a metadata word or reference: characters
// other than letters, digits, '-', '_', '.' and '+' become '_'.
func token(s string) string {
	if len(s) > 200 {
		s = s[:200]
	}
	if word(s, "-_.+") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if !word(string(c), "-_.+") {
			b[i] = '_'
		}
	}
	return string(b)
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006_01_02")
}

// Key is the string a rule's sid is derived from: the indicator's id, kind,
// normalised value and the rule's variant ("dns", "tls", …).
func Key(ind *codec.Indicator, value, variant string) string {
	return ind.ID + "\x00" + ind.Kind + "\x00" + value + "\x00" + variant
}
