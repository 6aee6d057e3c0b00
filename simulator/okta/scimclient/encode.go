package scimclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// Okta writes its JSON with a fixed attribute order; a Go map has none. The
// order below is that of Okta's documented create request (developer.okta.com
// SCIM 2.0 reference, "Create the user"): schemas, userName, name{givenName,
// familyName}, emails[{primary, value, type}], displayName, locale,
// externalId, groups, password, active. Attributes Okta's example does not
// show follow in alphabetical order. SCIM servers must not depend on order
// (RFC 8259 §4); the order only keeps bodies faithful and readable.
var keyOrder = map[string][]string{
	"": {
		"schemas", "id", "userName", "name", "emails", "displayName", "locale",
		"externalId", "groups", "password", "active", "members",
	},
	"name":         {"givenName", "familyName"},
	"emails":       {"primary", "value", "type"},
	"phoneNumbers": {"primary", "value", "type"},
	"members":      {"value", "display"},
	"groups":       {"value", "display"},
}

// encodeJSON encodes v as Okta does: Okta's attribute order for generic
// objects, no HTML escaping, no trailing newline. nil encodes to nil.
func encodeJSON(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	plain, err := marshalPlain(v)
	if err != nil {
		return nil, err
	}
	if _, ok := v.(map[string]any); !ok {
		return plain, nil
	}
	generic, err := decodeObject(plain)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writeOrdered(&buf, generic, ""); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func marshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// writeOrdered writes decoded JSON with the keys of each object in
// keyOrder[attr], attr being the attribute that holds the object.
func writeOrdered(buf *bytes.Buffer, v any, attr string) error {
	switch t := v.(type) {
	case map[string]any:
		buf.WriteByte('{')
		for i, k := range orderedKeys(t, attr) {
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, _ := marshalPlain(k)
			buf.Write(kb)
			buf.WriteByte(':')
			if err := writeOrdered(buf, t[k], k); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeOrdered(buf, e, attr); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		b, err := marshalPlain(t)
		if err != nil {
			return fmt.Errorf("encode %s: %w", attr, err)
		}
		buf.Write(b)
	}
	return nil
}

func orderedKeys(m map[string]any, attr string) []string {
	first := keyOrder[attr]
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i := slices.Index(first, k); i >= 0 {
			return i
		}
		return len(first)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank(keys[i]), rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}
