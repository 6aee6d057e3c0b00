package scimclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// decodeCases are answers with whether decodePlainObject must read them
// itself; decodeObject must read every one as encoding/json does.
var decodeCases = []struct {
	name   string
	body   string
	direct bool
}{
	{"created user", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1",` +
		`"userName":"ada@example.com","active":true,"name":{"givenName":"Ada"},` +
		`"emails":[{"value":"ada@example.com","primary":true}],"groups":[],` +
		`"meta":{"resourceType":"User","version":"W/\"1\""}}`, true},
	{"plain user", `{"id":"u1","userName":"Zoë","active":false,"x":null,"groups":[]}`, true},
	{"numbers", `{"totalResults":12,"a":-1.50e+3,"b":0,"c":[1,2.5]}`, true},
	{"spaces", " {\n \"a\" : [ { } , [ ] ] ,\t\"b\" : \"]}\" } ", true},
	{"duplicate key", `{"a":1,"a":"two"}`, true},
	{"escapes", `{"a":"x\"y\\z\/\n\u00e9\ud83d\ude00\ud800"}`, true},
	{"escaped key", `{"a\u0041":1,"aA":2}`, true},
	{"invalid UTF-8", "{\"a\":\"\xff\"}", true},
	{"null", `null`, false},
	{"array", `[{}]`, false},
	{"trailing data", `{"id":"u1"} trailing`, false},
	{"truncated", `{"id":`, false},
	{"empty", ``, false},
}

func TestDecodeObjectReadsAsEncodingJSON(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := decodePlainObject([]byte(tc.body)); ok != tc.direct {
				t.Errorf("read directly: %v, want %v", ok, tc.direct)
			}
			checkDecodeObject(t, []byte(tc.body))
		})
	}
}

// FuzzDecodeObject checks decodeObject against encoding/json's decoder on
// random answers.
func FuzzDecodeObject(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add([]byte(tc.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecodeObject(t, body)
	})
}

func checkDecodeObject(t *testing.T, body []byte) {
	t.Helper()
	got, err := decodeObject(body)
	want, wantErr := decodeWithEncodingJSON(body)
	if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeObject(%q) = %#v, %v\nencoding/json: %#v, %v", body, got, err, want, wantErr)
	}
}

func decodeWithEncodingJSON(body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("not a JSON object")
	}
	return m, nil
}
