package scimclient

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
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
//
// A generic object is written as if it had been encoded with encoding/json,
// decoded again and then written in order. Bodies built of decoded JSON
// types with strings that need no escape (every body the push engine sends)
// are written straight from v; anything else takes that round trip.
func encodeJSON(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if m, ok := v.(map[string]any); ok && m != nil {
		w := orderedWriter{raw: true}
		if w.write(m, "") {
			return w.buf.Bytes(), nil
		}
	}
	return encodeRoundTrip(v)
}

// encodeRoundTrip is encodeJSON the long way: encoding/json's encoding,
// and for a generic object that encoding decoded and written in order.
func encodeRoundTrip(v any) ([]byte, error) {
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
	var w orderedWriter
	if !w.write(generic, "") {
		return nil, fmt.Errorf("encode %s: a value does not encode again", plain)
	}
	return w.buf.Bytes(), nil
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

// orderedWriter writes JSON with the keys of each object in keyOrder[attr],
// attr being the attribute that holds the object. A raw writer is given the
// caller's value, not decoded JSON: it refuses (write reports false) any
// value whose encoding a round trip through encoding/json might change, so
// that the caller can take that round trip instead.
type orderedWriter struct {
	buf bytes.Buffer
	raw bool
}

func (w *orderedWriter) write(v any, attr string) bool {
	switch t := v.(type) {
	case map[string]any:
		return (t != nil || !w.raw) && w.object(t, attr)
	case []any:
		if t == nil && w.raw {
			return false
		}
		w.buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				w.buf.WriteByte(',')
			}
			if !w.write(e, attr) {
				return false
			}
		}
		w.buf.WriteByte(']')
		return true
	case []string:
		return t != nil && w.strings(t)
	case string:
		return w.string(t)
	case bool, nil, json.Number, float64, int, int64:
		return w.scalar(t)
	}
	return !w.raw && w.scalar(v)
}

func (w *orderedWriter) object(m map[string]any, attr string) bool {
	w.buf.WriteByte('{')
	for i, k := range orderedKeys(m, attr) {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if !w.string(k) {
			return false
		}
		w.buf.WriteByte(':')
		if !w.write(m[k], k) {
			return false
		}
	}
	w.buf.WriteByte('}')
	return true
}

func (w *orderedWriter) strings(list []string) bool {
	w.buf.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			w.buf.WriteByte(',')
		}
		if !w.string(s) {
			return false
		}
	}
	w.buf.WriteByte(']')
	return true
}

// string writes s quoted. Only a raw writer refuses, and only strings that
// encoding/json would escape or change.
func (w *orderedWriter) string(s string) bool {
	if !plainJSONString(s) {
		return !w.raw && w.scalar(s)
	}
	w.buf.WriteByte('"')
	w.buf.WriteString(s)
	w.buf.WriteByte('"')
	return true
}

func (w *orderedWriter) scalar(v any) bool {
	b, err := marshalPlain(v)
	if err != nil {
		return false
	}
	w.buf.Write(b)
	return true
}

// plainJSONString reports whether encoding/json, HTML escaping off, writes
// s as s between quotes: valid UTF-8 without a control character, a quote,
// a backslash, U+2028 or U+2029 (which it escapes for JavaScript).
func plainJSONString(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
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
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return keys
}
