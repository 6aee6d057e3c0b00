package scim

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestErrorRendersRFCBody(t *testing.T) {
	err := Errorf(http.StatusConflict, ErrUniqueness, "userName %q is taken", "ada@example.com")

	body, mErr := json.Marshal(err)
	if mErr != nil {
		t.Fatalf("marshal: %v", mErr)
	}
	var got map[string]any
	if uErr := json.Unmarshal(body, &got); uErr != nil {
		t.Fatalf("unmarshal: %v", uErr)
	}

	if got["status"] != "409" {
		t.Errorf("status = %#v, want the string \"409\" (RFC 7644 §3.12)", got["status"])
	}
	if got["scimType"] != ErrUniqueness {
		t.Errorf("scimType = %#v, want %q", got["scimType"], ErrUniqueness)
	}
	schemas, _ := got["schemas"].([]any)
	if len(schemas) != 1 || schemas[0] != SchemaError {
		t.Errorf("schemas = %#v, want [%q]", got["schemas"], SchemaError)
	}
	if got["detail"] != `userName "ada@example.com" is taken` {
		t.Errorf("detail = %#v", got["detail"])
	}
}

func TestErrorReadsStringOrNumberStatus(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Error
	}{
		{"string status", `{"status":"404","detail":"no such user"}`, Error{Status: 404, Detail: "no such user"}},
		{"number status", `{"status":429,"scimType":"tooMany"}`, Error{Status: 429, ScimType: "tooMany"}},
		{"no status", `{"detail":"odd"}`, Error{Detail: "odd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Error
			if err := json.Unmarshal([]byte(tt.body), &got); err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestPrimaryEmail(t *testing.T) {
	tests := []struct {
		name   string
		emails []Email
		want   string
	}{
		{"primary wins", []Email{{Value: "a@x", Type: "home"}, {Value: "b@x", Primary: true}}, "b@x"},
		{"work next", []Email{{Value: "a@x", Type: "home"}, {Value: "c@x", Type: "work"}}, "c@x"},
		{"first otherwise", []Email{{Value: "a@x", Type: "home"}}, "a@x"},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := User{Emails: tt.emails}
			if got := u.PrimaryEmail(); got != tt.want {
				t.Errorf("PrimaryEmail() = %q, want %q", got, tt.want)
			}
		})
	}
}
