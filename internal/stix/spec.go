package stix

import "strings"

// This file holds the vocabulary in which types.go describes STIX object
// types: value kinds, properties, object specifications and their
// constructors.

type propKind uint8

const (
	kAny  propKind = iota // any JSON value except null
	kSkip                 // validated elsewhere (type, id, spec_version)
	kString
	kInt
	kFloat
	kBool
	kTimestamp
	kRef // identifier, optionally restricted to some target types
	kList
	kDict // dictionary; elem describes the values
	kHashes
	kVocab // open vocabulary or closed enumeration
	kHex
	kBinary
	kObject // nested object type
	kExtensions
	kLang
	kIntOrString
	kStringOrList // string or list of strings
	kContainer    // deprecated observable container
	kReserved
)

type tsPrecision uint8

const (
	tsAny     tsPrecision = iota
	tsMillis              // at least three fractional digits (created, modified)
	tsSeconds             // no fraction (windows-pebinary-ext time_date_stamp)
)

// prop is the value type of a property.
type prop struct {
	kind      propKind
	elem      *prop
	vocab     *vocab
	ref       *refRule
	obj       *objSpec
	min, max  float64
	bounded   bool
	precision tsPrecision
	// format checks the content of a string value (addresses, URLs, ...).
	format func(v *validator, s []byte)
}

// catMask is a set of categories for reference targets.
type catMask uint8

func catBit(c Category) catMask { return 1 << c }

const anyCat = catMask(1<<Unknown | 1<<SDO | 1<<SRO | 1<<SCO | 1<<Meta)

// refRule restricts the object types an identifier may point to.
type refRule struct {
	types map[string]bool
	cats  catMask
	desc  string
}

type naLevel uint8

const (
	naOK    naLevel = iota
	naWarn          // "not applicable" in the specification: warning
	naError         // "MUST NOT" in the specification: error
)

type field struct {
	name string
	p    *prop
	req  bool
	na   naLevel
	bit  uint64
}

// objSpec describes an object: a STIX object type or a nested structure
// such as an external reference or a predefined extension.
type objSpec struct {
	name    string
	family  string // for messages: "SDO", "SCO", "marking-definition", ...
	fields  map[string]*field
	order   []*field // declaration order, for stable messages
	reqMask uint64
	// anyOf lists properties of which at least one must be present.
	anyOf     []string
	anyOfMask uint64
	// open objects accept unknown properties silently; closed nested
	// objects warn about them (most likely typos).
	open  bool
	check func(v *validator, n int32)
}

// typeSpec is a STIX object type.
type typeSpec struct {
	objSpec
	cat     Category
	idProps []string            // ID contributing properties (SCOs)
	exts    map[string]*objSpec // predefined extensions
}

type fieldDef struct {
	name string
	p    *prop
	req  bool
	na   naLevel
}

func opt(name string, p *prop) fieldDef { return fieldDef{name: name, p: p} }
func req(name string, p *prop) fieldDef { return fieldDef{name: name, p: p, req: true} }
func na(name string, p *prop) fieldDef  { return fieldDef{name: name, p: p, na: naWarn} }
func never(name string, p *prop) fieldDef {
	return fieldDef{name: name, p: p, na: naError}
}

func newObjSpec(name string, defs ...[]fieldDef) *objSpec {
	s := &objSpec{name: name, fields: map[string]*field{}}
	for _, group := range defs {
		for _, d := range group {
			if f, ok := s.fields[d.name]; ok {
				// A later definition refines a common property.
				f.p, f.req, f.na = d.p, d.req, d.na
				continue
			}
			if len(s.order) == 64 {
				panic("stix: too many properties in " + name)
			}
			f := &field{name: d.name, p: d.p, req: d.req, na: d.na, bit: 1 << len(s.order)}
			s.fields[d.name] = f
			s.order = append(s.order, f)
		}
	}
	for _, f := range s.order {
		if f.req {
			s.reqMask |= f.bit
		}
	}
	return s
}

func (s *objSpec) withAnyOf(names ...string) *objSpec {
	s.anyOf = names
	for _, n := range names {
		f := s.fields[n]
		if f == nil {
			panic("stix: anyOf names unknown property " + n)
		}
		s.anyOfMask |= f.bit
	}
	return s
}

func (s *objSpec) withCheck(c func(v *validator, n int32)) *objSpec { s.check = c; return s }
func (s *objSpec) asOpen() *objSpec                                 { s.open = true; return s }

// Value type constructors.
var (
	pAny       = &prop{kind: kAny}
	pSkip      = &prop{kind: kSkip}
	pString    = &prop{kind: kString}
	pInt       = &prop{kind: kInt}
	pUint      = intRange(0, maxSafeInt)
	pFloat     = &prop{kind: kFloat}
	pBool      = &prop{kind: kBool}
	pTime      = &prop{kind: kTimestamp}
	pTimeMs    = &prop{kind: kTimestamp, precision: tsMillis}
	pHashes    = &prop{kind: kHashes}
	pHex       = &prop{kind: kHex}
	pBinary    = &prop{kind: kBinary}
	pLang      = &prop{kind: kLang}
	pReserved  = &prop{kind: kReserved}
	pStrings   = listOf(pString)
	pAnyRef    = &prop{kind: kRef, ref: &refRule{cats: anyCat, desc: "a STIX object"}}
	pAnyRefs   = listOf(pAnyRef)
	pDict      = &prop{kind: kDict, elem: pAny}
	pStrDict   = &prop{kind: kDict, elem: pString}
	pIntOrStr  = &prop{kind: kIntOrString}
	pContainer = &prop{kind: kContainer}
)

const maxSafeInt = 1<<53 - 1

func intRange(min, max float64) *prop {
	return &prop{kind: kInt, min: min, max: max, bounded: true}
}

func floatRange(min, max float64) *prop {
	return &prop{kind: kFloat, min: min, max: max, bounded: true}
}

func listOf(p *prop) *prop { return &prop{kind: kList, elem: p} }

func vocabOf(v *vocab) *prop { return &prop{kind: kVocab, vocab: v} }

func str(format func(v *validator, s []byte)) *prop {
	return &prop{kind: kString, format: format}
}

func objOf(s *objSpec) *prop { return &prop{kind: kObject, obj: s} }

// ref restricts an identifier to the given object types.
func ref(types ...string) *prop {
	r := &refRule{types: map[string]bool{}}
	for _, t := range types {
		r.types[t] = true
	}
	r.desc = strings.Join(types, " or ")
	return &prop{kind: kRef, ref: r}
}

// refCat restricts an identifier to categories; custom types are accepted
// when Unknown is listed.
func refCat(desc string, cats ...Category) *prop {
	r := &refRule{desc: desc}
	for _, c := range cats {
		r.cats |= catBit(c)
	}
	return &prop{kind: kRef, ref: r}
}

func refs(types ...string) *prop { return listOf(ref(types...)) }
