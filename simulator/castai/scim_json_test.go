package castai

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// jsonCases are bodies with whether splitObject must read them itself; what
// it reads must equal what encoding/json reads.
var jsonCases = []struct {
	name   string
	body   string
	direct bool
}{
	{"okta create", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],` +
		`"userName":"ada@example.com","name":{"givenName":"Ada","familyName":"Lovelace"},` +
		`"emails":[{"primary":true,"value":"ada@example.com","type":"work"}],` +
		`"displayName":"Ada Lovelace","locale":"en-US","externalId":"00u1","groups":[],` +
		`"password":"x","active":true}`, true},
	{"spaces everywhere", " {\n\t\"a\" :\r [ 1 , {\"b\" : [ ] } ] , \"c\":\"}\" } ", true},
	{"escapes in values", `{"a":"x\"y\\z\u00e9","b":"]}"}`, true},
	{"numbers and literals", `{"a":-1.5e+3,"b":true,"c":false,"d":null,"e":0}`, true},
	{"duplicate key", `{"a":1,"a":2}`, true},
	{"empty", `{}`, true},
	{"non-ASCII key", `{"naïve":"é"}`, true},
	{"invalid UTF-8 value", "{\"a\":\"\xff\"}", true},
	{"escaped key", `{"a\"b":1}`, false},
	{"invalid UTF-8 key", "{\"\xff\":1}", false},
	{"null", `null`, false},
	{"array", `[1]`, false},
	{"string", `"x"`, false},
	{"truncated", `{"a":1`, false},
	{"trailing comma", `{"a":1,}`, false},
	{"two values", `{} {}`, false},
	{"empty body", ``, false},
}

func TestSplitObjectReadsAsEncodingJSON(t *testing.T) {
	for _, tc := range jsonCases {
		t.Run(tc.name, func(t *testing.T) {
			_, ok := splitObject([]byte(tc.body))
			if ok != tc.direct {
				t.Errorf("read directly: %v, want %v", ok, tc.direct)
			}
			checkSplitJSON(t, []byte(tc.body))
		})
	}
}

func TestRawScalarsReadAsEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		raw    string
		direct bool
	}{
		{`"ada@example.com"`, true},
		{`""`, true},
		{`"Zoë"`, true},
		{`"a\"b"`, false},
		{`"a\u0041"`, false},
		{"\"\xff\"", false},
		{"\"a\tb\"", false},
		{` "a"`, false},
		{`"`, false},
		{`12`, false},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			if _, ok := rawString(json.RawMessage(tc.raw)); ok != tc.direct {
				t.Errorf("read directly: %v, want %v", ok, tc.direct)
			}
			checkSplitJSON(t, []byte(tc.raw))
		})
	}
}

// FuzzSplitJSON checks that whatever the direct readers accept, they read
// as encoding/json does.
func FuzzSplitJSON(f *testing.F) {
	for _, tc := range jsonCases {
		f.Add([]byte(tc.body))
	}
	f.Add([]byte(`[{"value":"u1","display":"Ada"},{"value":"u2"}]`))
	f.Add([]byte(`"plain"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplitJSON(t, data)
	})
}

func checkSplitJSON(t *testing.T, data []byte) {
	t.Helper()
	if got, ok := splitObject(data); ok {
		var want map[string]json.RawMessage
		if err := json.Unmarshal(data, &want); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("splitObject(%q) = %q; encoding/json: %q, %v", data, got, want, err)
		}
	}
	if got, ok := splitArray(data); ok {
		var want []json.RawMessage
		if err := json.Unmarshal(data, &want); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("splitArray(%q) = %q; encoding/json: %q, %v", data, got, want, err)
		}
	}
	if got, ok := rawString(data); ok {
		var want string
		if err := json.Unmarshal(data, &want); err != nil || got != want {
			t.Fatalf("rawString(%q) = %q; encoding/json: %q, %v", data, got, want, err)
		}
	}
}

func TestMarshalJSONWritesAsEncodingJSON(t *testing.T) {
	for name, v := range map[string]any{
		"user": resource{
			"schemas": []any{"urn:ietf:params:scim:schemas:core:2.0:User"}, "id": "u1",
			"userName": "ada@example.com", "active": true,
			"name":   resource{"givenName": "Ada", "familyName": "Lovelace"},
			"emails": []any{resource{"value": "ada@example.com", "primary": true}},
			"meta":   resource{"version": `W/"3"`, "location": "http://x/Users/u1?a=1&b=<2>"},
		},
		"escapes":       resource{"a\"<b>": "x\ny\u2028z", "bad": "\xff", "é": "Zoë", "del": "\x7f"},
		"nil values":    resource{"m": map[string]any(nil), "l": []any(nil), "n": nil, "e": []any{}},
		"other types":   resource{"s": []string{"a", "<"}, "n": 1.5, "i": 42, "raw": json.RawMessage(`{ "a" : 1 }`)},
		"struct":        struct{ A string }{"<"},
		"unsupported":   resource{"f": math.Inf(1)},
		"nil map":       map[string]any(nil),
		"top-level nil": nil,
	} {
		t.Run(name, func(t *testing.T) {
			checkMarshalJSON(t, v)
		})
	}
}

// FuzzMarshalJSON writes resources holding random strings, as keys and
// values, and compares the bytes with json.Marshal's.
func FuzzMarshalJSON(f *testing.F) {
	f.Add("ada@example.com", "Zoë", "a<b>&c")
	f.Add("\xff", "\u2028", "\"\\")
	f.Fuzz(func(t *testing.T, a, b, key string) {
		checkMarshalJSON(t, resource{
			"userName": a, key: b, b: []any{a, true, nil, resource{key: a}},
			"meta": resource{"location": b},
		})
	})
}

func checkMarshalJSON(t *testing.T, v any) {
	t.Helper()
	got, err := marshalJSON(v)
	want, wantErr := json.Marshal(v)
	if (err != nil) != (wantErr != nil) || string(got) != string(want) {
		t.Fatalf("marshalJSON = %s, %v\njson.Marshal = %s, %v", got, err, want, wantErr)
	}
}
