package scimclient

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// secretMemberPattern is the pattern the journal used to mask JSON members
// before maskSecretMembers replaced it on the hot path; it stays here as
// the reference the scanner must agree with.
var secretMemberPattern = regexp.MustCompile(
	`("[^"\\]*(?i:password|secret|token|apikey|api_key)[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"`)

func TestMaskSecretMembersAgreesWithPattern(t *testing.T) {
	bodies := []string{
		`{"password":"x\"y","userName":"u"}`,
		`{"a":{"clientSecret" : "s"}}`,
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jane@example.com",` +
			`"password":"Zq1!aB9c","active":true,"groups":[]}`,
		"{\n  \"API_KEY\":\t\"k\",\n  \"note\": \"a \\\"token\\\": \\\"x\\\"\"\n}",
		`{"tokenPrefix":"abc","token":"abcdef","id":"1"}`,
		`{"password":null,"secret":42,"token":["a"]}`,
		`{"name":"password","value":"p"}`,
		`["password", "secret"]`,
		`{"password":"unterminated`,
		`{"password`,
		`not json at all: "password": "x"`,
		``,
		`{}`,
	}
	golden, _ := filepath.Glob(filepath.Join("testdata", "*", "*.golden"))
	for _, path := range golden {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(data))
	}
	if len(golden) == 0 {
		t.Fatal("no golden files to compare on")
	}
	for _, body := range bodies {
		want := secretMemberPattern.ReplaceAllString(body, `$1"`+Masked+`"`)
		if got := maskSecretMembers(body); got != want {
			t.Errorf("mask %.80q:\n got %q\nwant %q", body, got, want)
		}
	}
}

func TestMaskSecretMembersLeavesCleanTextAlone(t *testing.T) {
	tests := []string{`{"userName":"u","active":true}`, `plain text`, `{"members":[]}`}
	for _, in := range tests {
		got := maskSecretMembers(in)
		if got != in || strings.Contains(got, Masked) {
			t.Errorf("mask %q = %q, want it unchanged", in, got)
		}
	}
}

func BenchmarkMaskBody(b *testing.B) {
	m := newMasker(Target{Token: "bench-bearer-token"})
	body := []byte(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],` +
		`"userName":"jane.doe@example.com","name":{"givenName":"Jane","familyName":"Doe"},` +
		`"emails":[{"primary":true,"value":"jane.doe@example.com","type":"work"}],` +
		`"displayName":"Jane Doe","locale":"en_US","externalId":"00u1","groups":[],` +
		`"password":"Zq1!aB9cQ","active":true,"title":"Engineer",` +
		`"phoneNumbers":[{"primary":true,"value":"+15551234567","type":"mobile"}]}`)
	for b.Loop() {
		_ = m.body(body)
	}
}
