package castai

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestUserFilters(t *testing.T) {
	e := newEnv(t)
	ada := e.createUser("ada@example.com")
	bob := e.createUser("bob@corp.example.org")
	mustCode(t, e.scim("PATCH", "/Users/"+bob, patchHead+`"Operations":[{"op":"replace",`+
		`"value":{"active":false}}]}`), 200)
	g := e.createGroup("Eng", ada)
	tests := []struct {
		filter string
		want   []string
	}{
		{`groups.value eq "` + g + `"`, []string{ada}},
		{`groups[display eq "eng"]`, []string{ada}},
		{`userName eq "ada@example.com"`, []string{ada}},
		{`userName eq "ADA@EXAMPLE.COM"`, []string{ada}},
		{`USERNAME Eq "ada@example.com"`, []string{ada}},
		{`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ada@example.com"`, []string{ada}},
		{`userName ne "ada@example.com"`, []string{bob}},
		{`userName co "CORP"`, []string{bob}},
		{`userName sw "ad"`, []string{ada}},
		{`userName ew ".org"`, []string{bob}},
		{`userName gt "b"`, []string{bob}},
		{`userName le "ada@example.com"`, []string{ada}},
		{`externalId eq "00uada"`, []string{ada}},
		{`externalId eq "00UADA"`, nil},
		{`active eq false`, []string{bob}},
		{`active eq true and userName pr`, []string{ada}},
		{`userName eq "ada@example.com" or userName eq "bob@corp.example.org"`, []string{ada, bob}},
		{`not (userName eq "ada@example.com")`, []string{bob}},
		{`(active eq true or active eq false) and name.givenName eq "bob"`, []string{bob}},
		{`emails[type eq "work" and value co "corp"]`, []string{bob}},
		{`emails.value ew "example.com"`, []string{ada}},
		{`emails co "EXAMPLE"`, []string{ada, bob}},
		{`title pr`, nil},
		{`displayName eq null`, nil},
		{`meta.lastModified gt "2000-01-01T00:00:00Z"`, []string{ada, bob}},
		{`meta.created lt "2000-01-01T00:00:00Z"`, nil},
		{`userName eq "nobody@example.com"`, nil},
		{`userName eq "ada@example.com" and active eq false`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.filter, func(t *testing.T) {
			t.Helper()
			for _, enc := range []string{"pct", "plus"} {
				q := url.QueryEscape(tc.filter) // spaces as +
				if enc == "pct" {
					q = strings.ReplaceAll(q, "+", "%20")
				}
				r := e.scim("GET", "/Users?filter="+q, "")
				mustCode(t, r, http.StatusOK)
				if got := resourceIDs(t, r); !sameSet(got, tc.want) {
					t.Errorf("%s: ids = %v, want %v", enc, got, tc.want)
				}
			}
		})
	}
}

func resourceIDs(t *testing.T, r response) []string {
	t.Helper()
	m := r.object(t)
	var ids []string
	for _, res := range asList(m["Resources"]) {
		ids = append(ids, res.(map[string]any)["id"].(string))
	}
	if int(m["totalResults"].(float64)) != len(ids) {
		t.Errorf("totalResults %v, resources %d", m["totalResults"], len(ids))
	}
	return ids
}

func TestGroupFilters(t *testing.T) {
	f := newGroupFixture(t)
	other := f.e.createGroup("Ops", f.carol)
	tests := []struct {
		filter string
		want   []string
	}{
		{`displayName eq "engineering"`, []string{f.group}},
		{`displayName eq "Ops"`, []string{other}},
		{`displayName sw "E"`, []string{f.group}},
		{`members.value eq "` + f.carol + `"`, []string{other}},
		{`members[value eq "` + f.alice + `"]`, []string{f.group}},
		{`displayName eq "Ops" and members pr`, []string{other}},
		{`displayName eq "nope"`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.filter, func(t *testing.T) {
			t.Helper()
			r := f.e.scim("GET", "/Groups?filter="+url.QueryEscape(tc.filter), "")
			mustCode(t, r, http.StatusOK)
			if got := resourceIDs(t, r); !sameSet(got, tc.want) {
				t.Errorf("ids = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFilterErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ path, filter string }{
		{"/Users", `shoeSize eq "9"`},
		{"/Users", `userName eq`},
		{"/Users", `userName zz "x"`},
		{"/Users", `emails[shoe eq "x"]`},
		{"/Users", `userName eq "a" and (`},
		{"/Groups", `userName eq "a"`},
	} {
		t.Run(tc.filter, func(t *testing.T) {
			t.Helper()
			r := e.scim("GET", tc.path+"?filter="+url.QueryEscape(tc.filter), "")
			scimErr(t, r, 400, "invalidFilter")
		})
	}
}

func TestFilterEscapedQuote(t *testing.T) {
	e := newEnv(t)
	id := e.createUser(`o"neil@example.com`)
	r := e.scim("GET", "/Users?filter="+url.QueryEscape(`userName eq "o\"neil@example.com"`), "")
	mustCode(t, r, 200)
	if got := resourceIDs(t, r); !sameSet(got, []string{id}) {
		t.Errorf("ids = %v", got)
	}
}

// TestFilterBounds checks the bounds put on what reaches the generic filter
// grammar: long or deeply nested filters get 400 invalidFilter before
// parsing, while brackets inside quoted values do not count.
func TestFilterBounds(t *testing.T) {
	e := newEnv(t)
	e.createUser("ada@example.com")
	nested := func(n int) string {
		return strings.Repeat("(", n) + `userName eq "ada@example.com"` + strings.Repeat(")", n)
	}
	quoted := `userName eq "` + strings.Repeat("((", 40) + `" or userName pr`
	tests := []struct {
		name   string
		filter string
		status int
	}{
		{"32 levels", nested(maxGrammarDepth), 200},
		{"33 levels", nested(maxGrammarDepth + 1), 400},
		{"brackets in a quoted value", quoted, 200},
		{"escaped quote keeps the value open", `userName eq "a\"` + strings.Repeat("(", 34) + `" or userName pr`, 200},
		{"over the length bound", strings.Repeat("userName pr or ", 140) + "userName pr", 400},
		{"just under the length bound", strings.Repeat("userName pr or ", 135) + "userName pr", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.scim("GET", "/Users?filter="+url.QueryEscape(tt.filter), "")
			if tt.status == 200 {
				mustCode(t, r, 200)
				return
			}
			scimErr(t, r, tt.status, "invalidFilter")
		})
	}
}

// TestFilterValueEscapes checks that a filter value's JSON escapes are
// decoded before matching: \u0061 is "a", \" a quote.
func TestFilterValueEscapes(t *testing.T) {
	e := newEnv(t)
	e.createUser("ada@example.com")
	for _, f := range []string{
		`userName eq "\u0061da@example.com"`,
		`userName eq "ada@ex\u0061mple.com" and active eq true`,
		`userName sw "\u0041DA"`,
	} {
		r := e.scim("GET", "/Users?filter="+url.QueryEscape(f), "")
		mustCode(t, r, http.StatusOK)
		if n := r.object(t)["totalResults"]; n != float64(1) {
			t.Errorf("%s: totalResults %v, want 1", f, n)
		}
	}
}
