package castai

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// The fuzz targets of castsim's request handling: filter parsing and
// evaluation, PATCH application on a user and on a group, and resource
// decoding. Seeds come from the hostile corpus at the repository root
// (testdata/hostile) and from the recorded PATCH bodies in testdata/patch;
// inputs the fuzzer finds to fail are kept under testdata/fuzz.

const (
	fuzzToken     = "fuzz-scim-token"
	fuzzCorpusDir = "../../testdata/hostile"
)

// fuzzWorld is a castsim holding four users and one group with two of them,
// driven in-process through its handler.
type fuzzWorld struct {
	srv    *Server
	users  []string // ids: alice, bob, carol, dave
	group  string
	values map[string]string // corpus placeholders
}

func newFuzzWorld(tb testing.TB) *fuzzWorld {
	tb.Helper()
	srv, err := New(Config{SCIMToken: fuzzToken})
	if err != nil {
		tb.Fatalf("new server: %v", err)
	}
	w := &fuzzWorld{srv: srv}
	for _, name := range []string{"alice", "bob", "carol", "dave"} {
		body := `{"schemas":["` + scim.SchemaUser + `"],"userName":"` + name +
			`@example.com","emails":[{"value":"` + name + `@example.com","primary":true}]}`
		w.users = append(w.users, w.created(tb, "/scim/v2/Users", body))
	}
	w.group = w.created(tb, "/scim/v2/Groups", `{"schemas":["`+scim.SchemaGroup+
		`"],"displayName":"Fuzzers","members":[{"value":"`+w.users[0]+`"},{"value":"`+
		w.users[1]+`"}]}`)
	w.created(tb, "/scim/v2/Groups", `{"schemas":["`+scim.SchemaGroup+`"],"displayName":"Others"}`)
	w.values = map[string]string{
		"alice": w.users[0], "bob": w.users[1], "carol": w.users[2], "dave": w.users[3],
		"castUser": w.users[0], "castUser2": w.users[1], "castUserName": "alice@example.com",
		"castUserNameUpper": "ALICE@EXAMPLE.COM", "castUser2Name": "bob@example.com",
		"castGroup": w.group, "castGroupName": "Fuzzers", "castGroup2Name": "Others",
		"group": w.group, "org": DefaultOrgID,
	}
	return w
}

func (w *fuzzWorld) created(tb testing.TB, path, body string) string {
	tb.Helper()
	rec := w.serve(http.MethodPost, path, []byte(body))
	var r struct{ ID string }
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &r) != nil {
		tb.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body)
	}
	return r.ID
}

func (w *fuzzWorld) serve(method, target string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://castsim.test/", bytes.NewReader(body))
	req.URL.Path, req.URL.RawQuery, _ = strings.Cut(target, "?")
	req.Header.Set("Authorization", "Bearer "+fuzzToken)
	req.Header.Set("Content-Type", scim.ContentType)
	rec := httptest.NewRecorder()
	w.srv.Handler().ServeHTTP(rec, req)
	return rec
}

// fill replaces the corpus placeholders; {{repeat}} becomes a short run so
// that seeds stay small.
func (w *fuzzWorld) fill(s string, repeat string) string {
	for k, v := range w.values {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return strings.ReplaceAll(s, "{{repeat}}", repeat)
}

// fuzzCase is the part of a hostile corpus case the seeds need.
type fuzzCase struct {
	Method     string  `yaml:"method"`
	Path       string  `yaml:"path"`
	Body       *string `yaml:"body"`
	BodyBase64 string  `yaml:"bodyBase64"`
	Repeat     *struct {
		Text  string `yaml:"text"`
		Count int    `yaml:"count"`
	} `yaml:"repeat"`
}

// corpusSeeds returns the castsim SCIM cases of the hostile corpus whose
// method and path match, as (filled path, body) pairs.
func (w *fuzzWorld) corpusSeeds(tb testing.TB, method, pathPart string) (paths []string,
	bodies [][]byte,
) {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(fuzzCorpusDir, "castsim-scim-*.yaml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("hostile corpus in %s: %v (%d files)", fuzzCorpusDir, err, len(files))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatalf("read corpus: %v", err)
		}
		var doc struct{ Cases []fuzzCase }
		if err := yaml.Unmarshal(data, &doc); err != nil {
			tb.Fatalf("parse corpus %s: %v", file, err)
		}
		for _, c := range doc.Cases {
			if c.Method != method || !strings.Contains(c.Path, pathPart) {
				continue
			}
			repeat := ""
			if c.Repeat != nil {
				repeat = strings.Repeat(c.Repeat.Text, min(c.Repeat.Count, 64))
			}
			body := []byte(w.fill(derefOr(c.Body), repeat))
			if c.BodyBase64 != "" {
				if body, err = base64.StdEncoding.DecodeString(c.BodyBase64); err != nil {
					tb.Fatalf("corpus %s: bodyBase64: %v", file, err)
				}
			}
			paths = append(paths, w.fill(c.Path, repeat))
			bodies = append(bodies, body)
		}
	}
	return paths, bodies
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// patchSeeds returns the recorded PATCH bodies of testdata/patch.
func (w *fuzzWorld) patchSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "patch", "*.json"))
	if err != nil {
		tb.Fatalf("list patch seeds: %v", err)
	}
	var out [][]byte
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatalf("read patch seed: %v", err)
		}
		out = append(out, []byte(w.fill(string(data), "")))
	}
	return out
}

// checkAnswer fails t on a 5xx, and on a 4xx that is not an RFC 7644 §3.12
// error body.
func checkAnswer(t *testing.T, what string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= http.StatusInternalServerError {
		t.Fatalf("%s: %d %s", what, rec.Code, rec.Body)
	}
	if rec.Code < http.StatusBadRequest {
		return
	}
	var e scim.Error
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Status != rec.Code {
		t.Fatalf("%s: %d with a body that is no SCIM error: %s", what, rec.Code, rec.Body)
	}
}

// FuzzFilter parses filters against the User and Group schemas, evaluates
// every filter that parses against rendered resources, and runs it as a
// list query: a filter is either refused with 400 invalidFilter or answered,
// never a panic or a 5xx.
func FuzzFilter(f *testing.F) {
	w := newFuzzWorld(f)
	paths, _ := w.corpusSeeds(f, http.MethodGet, "filter=")
	for _, p := range paths {
		_, query, _ := strings.Cut(p, "?")
		if q, err := url.ParseQuery(query); err == nil && q.Get("filter") != "" {
			f.Add(q.Get("filter"))
		}
	}
	for _, s := range []string{
		`userName eq "alice@example.com"`, `emails[type eq "work" and value co "@"]`,
		`not (active eq false) or name.givenName sw "A"`,
		`meta.lastModified gt "2020-01-01T00:00:00Z"`,
		`members[value eq "x"] and displayName pr`, `externalId eq null`, `userName eq "a\"b"`,
		`urn:ietf:params:scim:schemas:core:2.0:User:userName ew ".com"`,
	} {
		f.Add(s)
	}
	user, _ := w.srv.store.User(w.users[0])
	group, _ := w.srv.store.Group(w.group)
	members, _ := w.srv.store.Members(w.group)
	resources := map[*schemaDef]resource{
		&userSchema:  w.srv.userResource(user, []store.Group{group}),
		&groupSchema: w.srv.groupResource(group, members, true),
	}

	f.Fuzz(func(t *testing.T, raw string) {
		for sd, r := range resources {
			expr, err := parseFilter(sd, raw)
			var se *scim.Error
			switch {
			case err != nil && (!errors.As(err, &se) || se.Status != http.StatusBadRequest):
				t.Fatalf("parse %q: %v, want a 400 SCIM error", raw, err)
			case err == nil:
				ev := evaluator{sd: sd}
				_ = ev.match(expr, r)
				_, _ = indexedEq(expr, "userName")
			}
		}
		q := url.Values{"filter": {raw}}.Encode()
		checkAnswer(t, "list users", w.serve(http.MethodGet, "/scim/v2/Users?"+q, nil))
		checkAnswer(t, "list groups", w.serve(http.MethodGet, "/scim/v2/Groups?"+q, nil))
	})
}

// FuzzUserPatch sends PATCH bodies to a user. Whatever the body, the answer
// is not a 5xx, a refusal is a SCIM error, and an accepted PATCH leaves a
// user with a userName and at most one primary email (RFC 7643 §2.4).
func FuzzUserPatch(f *testing.F) {
	w := newFuzzWorld(f)
	_, bodies := w.corpusSeeds(f, http.MethodPatch, "/Users/")
	for _, b := range append(bodies, w.patchSeeds(f)...) {
		f.Add(b)
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		rec := w.serve(http.MethodPatch, "/scim/v2/Users/"+w.users[2], body)
		checkAnswer(t, "patch user", rec)
		if rec.Code != http.StatusOK {
			return
		}
		var u scim.User
		if err := json.Unmarshal(rec.Body.Bytes(), &u); err != nil {
			t.Fatalf("patched user is not JSON: %v", err)
		}
		if strings.TrimSpace(u.UserName) == "" {
			t.Fatalf("PATCH %s left the user without a userName", body)
		}
		primaries := 0
		for _, e := range u.Emails {
			if e.Primary {
				primaries++
			}
		}
		if primaries > 1 {
			t.Fatalf("PATCH %s left %d primary emails", body, primaries)
		}
	})
}

// FuzzGroupPatch sends PATCH bodies to a group. Whatever the body, the
// answer is not a 5xx, a refusal is a SCIM error, and the group keeps a
// display name and holds only existing users, each once.
func FuzzGroupPatch(f *testing.F) {
	w := newFuzzWorld(f)
	_, bodies := w.corpusSeeds(f, http.MethodPatch, "/Groups/")
	for _, b := range append(bodies, w.patchSeeds(f)...) {
		f.Add(b)
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		checkAnswer(t, "patch group", w.serve(http.MethodPatch, "/scim/v2/Groups/"+w.group, body))
		rec := w.serve(http.MethodGet, "/scim/v2/Groups/"+w.group, nil)
		var g scim.Group
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &g) != nil {
			t.Fatalf("read group after PATCH %s: %d %s", body, rec.Code, rec.Body)
		}
		if strings.TrimSpace(g.DisplayName) == "" {
			t.Fatalf("PATCH %s left the group without a displayName", body)
		}
		seen := map[string]bool{}
		for _, m := range g.Members {
			if seen[m.Value] {
				t.Fatalf("PATCH %s left member %s twice", body, m.Value)
			}
			seen[m.Value] = true
			if _, err := w.srv.store.User(m.Value); err != nil {
				t.Fatalf("PATCH %s left member %s, which is no user: %v", body, m.Value, err)
			}
		}
	})
}

// FuzzDecodeResource decodes POST and PUT bodies as a User and as a Group.
// A body is refused with a 4xx SCIM error or decoded into a resource that
// has what the schema requires: a userName, or a displayName and members
// that each name a user id.
func FuzzDecodeResource(f *testing.F) {
	w := newFuzzWorld(f)
	for _, path := range []string{"/Users", "/Groups"} {
		for _, method := range []string{http.MethodPost, http.MethodPut} {
			_, bodies := w.corpusSeeds(f, method, path)
			for _, b := range bodies {
				f.Add(b)
			}
		}
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		var u store.User
		err := w.srv.decodeUser(body, &u)
		checkDecodeError(t, "user", err)
		if err == nil && strings.TrimSpace(u.UserName) == "" {
			t.Fatalf("decoded user %s has no userName", body)
		}

		g, members, err := decodeGroup(body)
		checkDecodeError(t, "group", err)
		if err != nil {
			return
		}
		if strings.TrimSpace(g.DisplayName) == "" {
			t.Fatalf("decoded group %s has no displayName", body)
		}
		for _, m := range members {
			if m.UserID == "" {
				t.Fatalf("decoded group %s has a member without a value", body)
			}
		}
	})
}

func checkDecodeError(t *testing.T, what string, err error) {
	t.Helper()
	var se *scim.Error
	if err != nil && (!errors.As(err, &se) || se.Status < 400 || se.Status > 499) {
		t.Fatalf("decode %s: %v, want a 4xx SCIM error", what, err)
	}
}
