package stix

import "bytes"

// extensions validates the extensions dictionary (sections 3.2, 3.10, 7.3).
func (v *validator) extensions(n int32) {
	t := &v.t
	nd := t.nodes[n]
	if !v.isKind(n, nObject, "dictionary") {
		return
	}
	if nd.count == 0 {
		v.errorf("extensions must not be empty")
		return
	}
	for k := n + 1; k < nd.next; k = t.nodes[k+1].next {
		v.pushKey(k)
		v.extension(v.keyBytes(k), k+1)
		v.pop()
	}
}

func (v *validator) extension(key []byte, n int32) {
	t := &v.t
	if bytes.HasPrefix(key, []byte("extension-definition--")) {
		typ, u, ok := splitID(key)
		if !ok || string(typ) != "extension-definition" {
			v.errorf("extension key must be an extension-definition identifier")
			return
		}
		if _, rfc := uuidVersion(u); !rfc {
			v.errorf("UUID %s is not an RFC 4122 UUID", u)
		}
		if !v.isKind(n, nObject, "object") {
			return
		}
		et := t.member(n, "extension_type")
		if et < 0 {
			v.errorf("extension_type is required for extensions defined by an extension-definition")
			return
		}
		v.pushName("extension_type")
		ok = v.isKind(et, nString, "string")
		if ok && !extensionTypeEnum.has(t.str(et)) {
			v.errorf("value %q is not in enumeration %s", t.str(et), extensionTypeEnum.name)
			ok = false
		}
		v.pop()
		if !ok {
			return
		}
		others := t.nodes[n].count - 1
		switch etype := t.str(et); etype {
		case "new-sdo", "new-sco", "new-sro":
			if v.ts != nil {
				v.errorf("%s extensions must not redefine the specification type %q", etype, v.typ)
			}
		case "property-extension":
			if others == 0 {
				v.warnf("property-extension without properties")
			}
		case "toplevel-property-extension":
			if others > 0 {
				v.warnf("properties of a toplevel-property-extension belong at the top level of the object")
			}
		}
		for k := n + 1; k < t.nodes[n].next; k = t.nodes[k+1].next {
			name := v.keyBytes(k)
			if string(name) == "extension_type" {
				continue
			}
			v.pushKey(k)
			if !validPropertyName(name) {
				v.errorf("invalid extension property name: must be 3-250 characters of a-z, 0-9 and _")
			}
			v.customValue(name, k+1)
			v.pop()
		}
		return
	}
	if v.ts != nil {
		if spec := v.ts.exts[string(key)]; spec != nil {
			// A predefined extension has no extension_type; one would be
			// reported as an unknown property.
			p := prop{kind: kObject, obj: spec}
			v.value(&p, n)
			return
		}
	}
	if owner, ok := predefinedExtension[string(key)]; ok {
		v.errorf("extension %q is defined for %s objects only", key, owner)
		return
	}
	if bytes.HasSuffix(key, []byte("-ext")) && validTypeName(key) {
		v.warnf("custom extension %q (deprecated custom extension mechanism)", key)
		if v.isKind(n, nObject, "object") && t.nodes[n].count == 0 {
			v.errorf("must not be empty")
		}
		return
	}
	v.errorf("extension key must be an extension-definition identifier or a predefined extension name")
}
