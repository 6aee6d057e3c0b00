package scimclient

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// encodeCases are bodies with whether encodeJSON must write them straight
// from the value. Either way the bytes must be those of the round trip
// through encoding/json.
var encodeCases = []struct {
	name   string
	body   map[string]any
	direct bool
}{
	{"create user", map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"}, "userName": "ada@example.com",
		"name":   map[string]any{"familyName": "Lovelace", "givenName": "Ada"},
		"emails": []any{map[string]any{"type": "work", "value": "ada@example.com", "primary": true}},
		"groups": []any{}, "active": true, "password": "x<y>&z", "externalId": "00u1",
		"zebra": "last", "title": "Countess", "locale": "en_GB", "displayName": "Ada Lovelace",
	}, true},
	{"patch members", map[string]any{
		"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "add", "path": "members", "value": []any{
			map[string]any{"display": "ada@example.com", "value": "u1"},
		}}},
	}, true},
	{"empty", map[string]any{}, true},
	{"non-ASCII text", map[string]any{"displayName": "Zoë Ünal 東京 \u007f"}, true},
	{"numbers and null", map[string]any{
		"a": 1.5, "b": 1e21, "c": 42, "d": int64(-7), "e": json.Number("1.0"), "f": nil,
		"g": []any{float64(3), nil, false},
	}, true},
	{"quote", map[string]any{"displayName": `O"Neil`}, false},
	{"backslash", map[string]any{"displayName": `a\b`}, false},
	{"newline", map[string]any{"displayName": "a\nb"}, false},
	{"line separator", map[string]any{"displayName": "a\u2028b"}, false},
	{"invalid UTF-8", map[string]any{"displayName": "a\xffb"}, false},
	{"escaped key", map[string]any{"a\"b": "c"}, false},
	{"nested nil object", map[string]any{"name": map[string]any(nil)}, false},
	{"nil list", map[string]any{"groups": []any(nil)}, false},
	{"nil strings", map[string]any{"schemas": []string(nil)}, false},
	{"typed map", map[string]any{"name": map[string]string{"givenName": "Ada"}}, false},
	{"struct", map[string]any{"meta": struct{ Version string }{"W/1"}}, false},
	{"NaN", map[string]any{"n": math.NaN()}, false},
}

func TestEncodeJSONEqualsRoundTrip(t *testing.T) {
	for _, tc := range encodeCases {
		t.Run(tc.name, func(t *testing.T) {
			w := orderedWriter{raw: true}
			if direct := w.write(tc.body, ""); direct != tc.direct {
				t.Errorf("written directly: %v, want %v", direct, tc.direct)
			}
			checkEncodeJSON(t, tc.body)
		})
	}
}

// FuzzEncodeJSON puts random strings, as keys and values, and a number into
// a body shaped like a pushed user and compares encodeJSON with the round
// trip.
func FuzzEncodeJSON(f *testing.F) {
	f.Add("ada@example.com", "Zoë", "emails", 1.5)
	f.Add(`O"Neil`, "a\u2028b", "a\\b", 1e21)
	f.Add("a\xffb", "", "\n", 0.1)
	f.Fuzz(func(t *testing.T, s1, s2, key string, n float64) {
		checkEncodeJSON(t, map[string]any{
			"userName": s1, key: s2, s2: []any{n, s1},
			"name":    map[string]any{"givenName": s2, key: n},
			"schemas": []string{s1, key},
			"emails":  []any{map[string]any{"value": s1, "primary": true}},
		})
	})
}

func checkEncodeJSON(t *testing.T, body map[string]any) {
	t.Helper()
	want, wantErr := referenceEncode(body)
	for name, encode := range map[string]func(any) ([]byte, error){
		"encodeJSON": encodeJSON, "encodeRoundTrip": encodeRoundTrip,
	} {
		got, err := encode(body)
		if (err != nil) != (wantErr != nil) || string(got) != string(want) {
			t.Fatalf("%s = %s, %v\nwant %s, %v", name, got, err, want, wantErr)
		}
	}
}

// referenceEncode encodes with encoding/json, decodes, and writes the
// decoded value in keyOrder with encoding/json writing every key and scalar.
func referenceEncode(body map[string]any) ([]byte, error) {
	plain, err := marshalPlain(body)
	if err != nil {
		return nil, err
	}
	generic, err := decodeObject(plain)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	var write func(v any, attr string)
	write = func(v any, attr string) {
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
				write(t[k], k)
			}
			buf.WriteByte('}')
		case []any:
			buf.WriteByte('[')
			for i, e := range t {
				if i > 0 {
					buf.WriteByte(',')
				}
				write(e, attr)
			}
			buf.WriteByte(']')
		default:
			b, _ := marshalPlain(t)
			buf.Write(b)
		}
	}
	write(generic, "")
	return buf.Bytes(), nil
}
