package misp

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
)

// The MISP core format as this package reads it. MISP writes numbers as
// JSON strings and flags as booleans; both are accepted either way. Keys
// not listed here are ignored.

// mstr is a MISP scalar read as text: a JSON string, a number (its text),
// a boolean ("1"/"0") or null ("").
type mstr string

func (s *mstr) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0:
		return nil
	case b[0] == '"':
		v, err := unquote(b)
		if err != nil {
			return err
		}
		*s = mstr(v)
	case b[0] == 'n':
		*s = ""
	case b[0] == 't':
		*s = "1"
	case b[0] == 'f':
		*s = "0"
	case b[0] == '{' || b[0] == '[':
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeOf("")}
	default:
		*s = mstr(b)
	}
	return nil
}

// sstr is a field that must be a JSON string (an attribute's type).
type sstr string

func (s *sstr) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '"' {
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeOf("")}
	}
	v, err := unquote(b)
	if err != nil {
		return err
	}
	*s = sstr(v)
	return nil
}

// mbool is a MISP flag: true/false, or "1"/"0"/"true"/"false", 1/0, null.
type mbool bool

func (f *mbool) UnmarshalJSON(b []byte) error {
	switch string(bytes.ToLower(bytes.Trim(b, `"`))) {
	case "true", "1":
		*f = true
	case "false", "0", "", "null":
		*f = false
	default:
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeOf(true)}
	}
	return nil
}

// unquote decodes a JSON string literal (already validated by the
// decoder); strings without escapes, nearly all of MISP's, are copied as
// they are.
func unquote(b []byte) (string, error) {
	if len(b) >= 2 && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		return string(b[1 : len(b)-1]), nil
	}
	var v string
	err := json.Unmarshal(b, &v)
	return v, err
}

// mstrs is a list of strings that MISP sometimes writes as one string.
type mstrs []string

func (l *mstrs) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '[':
		var vs []mstr
		if err := json.Unmarshal(b, &vs); err != nil {
			return err
		}
		for _, v := range vs {
			*l = append(*l, string(v))
		}
		return nil
	case len(b) > 0 && b[0] == '{':
		return &json.UnmarshalTypeError{Value: "object", Type: reflect.TypeOf([]string(nil))}
	}
	var v mstr
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	if v != "" {
		*l = mstrs{string(v)}
	}
	return nil
}

func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number " + strconv.Quote(string(b))
}

type org struct {
	UUID mstr `json:"uuid"`
	Name mstr `json:"name"`
}

// sharingGroup is MISP's SharingGroup: an object, or an empty list when
// the element has none.
type sharingGroup struct {
	UUID mstr `json:"uuid"`
	Name mstr `json:"name"`
}

func (g *sharingGroup) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '[':
		var list []sharingGroup
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		if len(list) > 0 {
			*g = list[0]
		}
		return nil
	case len(b) > 0 && b[0] == '{':
		type plain sharingGroup
		return json.Unmarshal(b, (*plain)(g))
	case string(b) == "null":
		return nil
	}
	return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeOf(sharingGroup{})}
}

type tag struct {
	Name mstr `json:"name"`
}

type galaxy struct {
	UUID          mstr      `json:"uuid"`
	Name          mstr      `json:"name"`
	Type          mstr      `json:"type"`
	Description   mstr      `json:"description"`
	GalaxyCluster []cluster `json:"GalaxyCluster"`
}

type cluster struct {
	UUID        mstr             `json:"uuid"`
	Type        mstr             `json:"type"`
	Value       mstr             `json:"value"`
	TagName     mstr             `json:"tag_name"`
	Description mstr             `json:"description"`
	Meta        map[string]mstrs `json:"meta"`
}

type sighting struct {
	UUID          mstr `json:"uuid"`
	AttributeUUID mstr `json:"attribute_uuid"`
	DateSighting  mstr `json:"date_sighting"`
	Type          mstr `json:"type"`
	Source        mstr `json:"source"`
	Organisation  org  `json:"Organisation"`
}

type attribute struct {
	UUID           mstr         `json:"uuid"`
	Type           *sstr        `json:"type"`
	Category       mstr         `json:"category"`
	Value          *mstr        `json:"value"`
	ToIDs          mbool        `json:"to_ids"`
	Timestamp      mstr         `json:"timestamp"`
	Distribution   mstr         `json:"distribution"`
	SharingGroupID mstr         `json:"sharing_group_id"`
	SharingGroup   sharingGroup `json:"SharingGroup"`
	Comment        mstr         `json:"comment"`
	Deleted        mbool        `json:"deleted"`
	FirstSeen      mstr         `json:"first_seen"`
	LastSeen       mstr         `json:"last_seen"`
	ObjectRelation mstr         `json:"object_relation"`
	Tag            []tag        `json:"Tag"`
	Galaxy         []galaxy     `json:"Galaxy"`
	Sighting       []sighting   `json:"Sighting"`
}

type objectReference struct {
	UUID             mstr  `json:"uuid"`
	ObjectUUID       mstr  `json:"object_uuid"`
	ReferencedUUID   mstr  `json:"referenced_uuid"`
	RelationshipType mstr  `json:"relationship_type"`
	Comment          mstr  `json:"comment"`
	Timestamp        mstr  `json:"timestamp"`
	Deleted          mbool `json:"deleted"`
}

type object struct {
	UUID            mstr              `json:"uuid"`
	Name            mstr              `json:"name"`
	MetaCategory    mstr              `json:"meta-category"`
	TemplateUUID    mstr              `json:"template_uuid"`
	TemplateVersion mstr              `json:"template_version"`
	Timestamp       mstr              `json:"timestamp"`
	Distribution    mstr              `json:"distribution"`
	SharingGroupID  mstr              `json:"sharing_group_id"`
	SharingGroup    sharingGroup      `json:"SharingGroup"`
	Comment         mstr              `json:"comment"`
	Deleted         mbool             `json:"deleted"`
	FirstSeen       mstr              `json:"first_seen"`
	LastSeen        mstr              `json:"last_seen"`
	Attribute       []attribute       `json:"Attribute"`
	ObjectReference []objectReference `json:"ObjectReference"`
}
