package misp

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// Reading a MISP event with jreader. c.stack holds the JSON containers the
// reader is inside (the event's object, an array of it), so that after a
// fault in one value the rest of the event can be skipped and the next
// event read.

// fault turns an error met at path into a PathError: malformed JSON is
// fatal (the input cannot be read on), a value of the wrong type is not.
func (c *conv) fault(path string, err error) error {
	if err == nil {
		return nil
	}
	var pe *PathError
	if errors.As(err, &pe) {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := path
		if te.Field != "" {
			p += "." + te.Field
		}
		return pathErr(p, "expected %s, got %s", jsonTypeName(te.Type.Kind().String()), te.Value)
	}
	var se *errSyntax
	var js *json.SyntaxError
	if errors.As(err, &se) || errors.As(err, &js) {
		return &PathError{Path: path, Err: err, fatal: true}
	}
	if c.ctx.Err() != nil {
		return c.ctx.Err()
	}
	return &PathError{Path: path, Err: err, fatal: true}
}

func jsonTypeName(k string) string {
	switch k {
	case "bool":
		return "a boolean"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return "a string"
}

func isSemantic(pe *PathError) bool { return !pe.fatal }

// walk reads the members of the event object; the reader is past its '{'
// and, when firstKey is not empty, past the first member's name.
func (c *conv) walk(j *jreader, firstKey string, empty bool) error {
	c.stack = append(c.stack[:0], '{')
	if !empty {
		key := firstKey
		for {
			if key == "" {
				k, err := j.key()
				if err != nil {
					return c.fault(c.path, err)
				}
				key = k
			}
			if err := c.member(j, key); err != nil {
				return err
			}
			more, err := j.more('}')
			if err != nil {
				return c.fault(c.path, err)
			}
			if !more {
				break
			}
			key = ""
		}
	}
	c.stack = c.stack[:0]
	return nil
}

// skipRest reads the input to the end of the event after a fault in one of
// its values, so that the next event can be read.
func (c *conv) skipRest(j *jreader) error {
	for len(c.stack) > 0 {
		top := c.stack[len(c.stack)-1]
		for {
			more, err := j.more(closing(top))
			if err != nil {
				return err
			}
			if !more {
				break
			}
			if top == '{' {
				if _, err := j.key(); err != nil {
					return err
				}
			}
			if err := j.skip(); err != nil {
				return err
			}
		}
		c.stack = c.stack[:len(c.stack)-1]
	}
	return nil
}

// kindAt names the JSON type of the next value (for messages).
func kindAt(j *jreader) string {
	c, err := j.ws()
	if err != nil {
		return "nothing"
	}
	switch c {
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
	return "number"
}

// text reads a scalar member as MISP text (numbers and flags accepted).
func (c *conv) text(j *jreader, path string) (string, error) {
	kind := kindAt(j)
	s, ok, err := j.scalar()
	if err != nil {
		return "", c.fault(path, err)
	}
	if !ok {
		return "", pathErr(path, "expected a string, got %s", kind)
	}
	return s, nil
}

func (c *conv) flag(j *jreader, path string) (bool, error) {
	kind := kindAt(j)
	s, ok, err := j.scalar()
	if err != nil {
		return false, c.fault(path, err)
	}
	b, valid := parseFlag(s)
	if !ok || !valid {
		return false, pathErr(path, "expected a boolean, got %s", kind)
	}
	return b, nil
}

func parseFlag(s string) (value, ok bool) {
	switch s {
	case "1", "true", "True", "TRUE":
		return true, true
	case "0", "false", "False", "FALSE", "":
		return false, true
	}
	return false, false
}

// decode reads one value into v with encoding/json (small structures:
// organisations, tags, galaxies, objects).
func (c *conv) decode(j *jreader, path string, v any) error {
	raw, err := j.raw()
	if err != nil {
		return c.fault(path, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return c.fault(path, err)
	}
	return nil
}

func (c *conv) member(j *jreader, key string) error {
	c.seen[key] = true
	p := c.path + "." + key
	switch key {
	case "uuid", "info", "date", "timestamp", "publish_timestamp", "threat_level_id", "analysis", "distribution":
		s, err := c.text(j, p)
		if err != nil {
			return err
		}
		return c.setScalar(key, s)
	case "published":
		b, err := c.flag(j, p)
		if err != nil {
			return err
		}
		c.published = b
	case "Orgc":
		var o org
		if err := c.decode(j, p, &o); err != nil {
			return err
		}
		c.orgc, c.hasOrgc = o, o.UUID != "" || o.Name != ""
	case "SharingGroup":
		if err := c.decode(j, p, &c.sg); err != nil {
			return err
		}
	case "Tag":
		return c.array(j, p, func(i int) error {
			var t tag
			ep := fmt.Sprintf("%s[%d]", p, i)
			if err := c.decode(j, ep, &t); err != nil {
				return err
			}
			return c.eventTags([]tag{t}, nil, ep)
		})
	case "Galaxy":
		return c.array(j, p, func(i int) error {
			var g galaxy
			ep := fmt.Sprintf("%s[%d]", p, i)
			if err := c.decode(j, ep, &g); err != nil {
				return err
			}
			return c.eventTags(nil, []galaxy{g}, ep)
		})
	case "Attribute":
		return c.elements(j, p, &c.attrSpool, &c.nAttr, c.attributeRaw)
	case "Object":
		return c.elements(j, p, &c.objSpool, &c.nObj, c.objectRaw)
	case "Sighting":
		return c.array(j, p, func(i int) error {
			var s sighting
			ep := fmt.Sprintf("%s[%d]", p, i)
			if err := c.decode(j, ep, &s); err != nil {
				return err
			}
			if len(c.evSight) >= maxEventSightings {
				c.rep.skip(ep, "more than %d event-level sightings", maxEventSightings)
				return nil
			}
			c.evSight = append(c.evSight, s)
			return nil
		})
	default:
		if err := j.skip(); err != nil {
			return c.fault(p, err)
		}
	}
	return nil
}

// array calls each for every element of a JSON array (null is empty).
func (c *conv) array(j *jreader, path string, each func(i int) error) error {
	ch, err := j.ws()
	if err != nil {
		return c.fault(path, err)
	}
	switch ch {
	case 'n':
		if _, err := j.literal(); err != nil {
			return c.fault(path, err)
		}
		return nil
	case '[':
	default:
		kind := kindAt(j)
		if err := j.skip(); err != nil {
			return c.fault(path, err)
		}
		return pathErr(path, "expected an array, got %s", kind)
	}
	empty, err := j.open('[')
	if err != nil || empty {
		return c.fault(path, err)
	}
	c.stack = append(c.stack, '[')
	for i := 0; ; i++ {
		if i&1023 == 0 {
			if err := c.ctx.Err(); err != nil {
				return err
			}
		}
		if err := each(i); err != nil {
			return err
		}
		more, err := j.more(']')
		if err != nil {
			return c.fault(path, err)
		}
		if !more {
			break
		}
	}
	c.stack = c.stack[:len(c.stack)-1]
	return nil
}

// elements reads the Attribute or Object array: converted as it streams
// when the event's context is known, spooled otherwise.
func (c *conv) elements(j *jreader, path string, sp *spool, n *int, conv func(raw []byte, i int) error) error {
	direct := c.ready()
	if direct {
		if err := c.begin(); err != nil {
			return err
		}
	}
	return c.array(j, path, func(int) error {
		i := *n
		*n++
		raw, err := j.view() // converted or spooled before the next read
		if err != nil {
			return c.fault(fmt.Sprintf("%s[%d]", path, i), err)
		}
		if direct {
			return conv(raw, i)
		}
		if err := sp.add(raw); err != nil {
			return fmt.Errorf("spooling %s: %w", path, err)
		}
		return nil
	})
}

// parseAttribute reads one attribute without reflection: its flat members
// directly, its Tag, Galaxy, Sighting and SharingGroup (usually empty) with
// encoding/json. Errors name the member (a *json.UnmarshalTypeError with
// Field set, or malformed JSON).
func parseAttribute(raw []byte, a *attribute) error {
	j := bytesReader(raw)
	empty, err := j.open('{')
	if err != nil {
		if c, _ := bytesReader(raw).ws(); c != '{' {
			return &json.UnmarshalTypeError{Value: jsonKind(raw), Type: reflect.TypeOf(attribute{})}
		}
		return err
	}
	if empty {
		return nil
	}
	typeErr := func(field, kind string, t reflect.Type) error {
		return &json.UnmarshalTypeError{Value: kind, Type: t, Field: field}
	}
	for {
		kb, err := j.keyRaw()
		if err != nil {
			return err
		}
		var dst *mstr
		var key string
		switch string(kb) {
		case "uuid":
			dst = &a.UUID
		case "category":
			dst = &a.Category
		case "timestamp":
			dst = &a.Timestamp
		case "distribution":
			dst = &a.Distribution
		case "sharing_group_id":
			dst = &a.SharingGroupID
		case "comment":
			dst = &a.Comment
		case "first_seen":
			dst = &a.FirstSeen
		case "last_seen":
			dst = &a.LastSeen
		case "object_relation":
			dst = &a.ObjectRelation
		case "value":
			a.Value = new(mstr)
			dst = a.Value
		case "type":
			key = "type"
			if c, _ := j.ws(); c != '"' {
				kind := kindAt(j)
				if kind == "number" {
					n, _ := j.number()
					kind = "number " + fmt.Sprintf("%q", n)
				}
				return typeErr("type", kind, reflect.TypeOf(""))
			}
			s, err := j.str()
			if err != nil {
				return err
			}
			t := sstr(s)
			a.Type = &t
		case "to_ids", "deleted":
			key = string(kb)
			kind := kindAt(j)
			s, ok, err := j.scalar()
			if err != nil {
				return err
			}
			b, valid := parseFlag(s)
			if !ok || !valid {
				return typeErr(key, kind, reflect.TypeOf(true))
			}
			if key == "to_ids" {
				a.ToIDs = mbool(b)
			} else {
				a.Deleted = mbool(b)
			}
		case "Tag", "Galaxy", "Sighting", "SharingGroup":
			key = string(kb)
			v, err := j.raw()
			if err != nil {
				return err
			}
			if isEmptyJSON(v) {
				break
			}
			var target any
			switch key {
			case "Tag":
				target = &a.Tag
			case "Galaxy":
				target = &a.Galaxy
			case "Sighting":
				target = &a.Sighting
			default:
				target = &a.SharingGroup
			}
			if err := json.Unmarshal(v, target); err != nil {
				var te *json.UnmarshalTypeError
				if errors.As(err, &te) {
					te.Field = key + "." + te.Field
					if te.Field[len(te.Field)-1] == '.' {
						te.Field = key
					}
					return te
				}
				return err
			}
		default:
			if err := j.skip(); err != nil {
				return err
			}
		}
		if dst != nil {
			key = string(kb)
			kind := kindAt(j)
			s, ok, err := j.scalar()
			if err != nil {
				return err
			}
			if !ok {
				return typeErr(key, kind, reflect.TypeOf(""))
			}
			*dst = mstr(s)
		}
		more, err := j.more('}')
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}

func isEmptyJSON(v []byte) bool {
	s := string(v)
	return s == "[]" || s == "{}" || s == "null" || s == "\"\""
}
