// Package spectest is Okta's published SCIM 2.0 spec test list ("SCIM 2.0
// Test Spec", the tests Okta asks a SCIM integration to pass before
// submission) written as data, with a runner. castsim's Go tests run it
// against the reference target; the conformance harness turns the same list
// into its portable @scim feature, so there is one list.
//
// The run is a sequence: later steps use values saved by earlier ones
// (the created user's id). Placeholders in paths, bodies and expectations are
// written {{name}}; Run fills userName, upperUserName, missUserName, missID
// and every value a step saves.
package spectest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Step is one request of the spec run and what its answer must show.
type Step struct {
	Name   string
	Method string
	Path   string // under the SCIM base URL, e.g. "/Users?count=1"
	Body   string
	NoAuth bool // send no Authorization header
	Expect Expect
}

// Expect is what a step's answer must show.
type Expect struct {
	Status       int
	ErrorSchema  bool              // an RFC 7644 §3.12 error body, status as a string
	ScimType     string            // with this scimType
	ListResponse bool              // a ListResponse with integer paging fields
	TotalResults *int              // with this totalResults
	ItemsPerPage *int              // and this itemsPerPage
	Attrs        map[string]string // top-level attributes equal to these (case-insensitive)
	Active       *bool             // top-level active
	Save         map[string]string // variable name <- top-level attribute
}

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }

const realisticUser = `{
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "userName": "{{userName}}",
  "name": {"givenName": "Spec", "familyName": "Tester"},
  "emails": [{"primary": true, "value": "{{userName}}", "type": "work"}],
  "displayName": "Spec Tester",
  "locale": "en-US",
  "externalId": "00uspectest0001",
  "groups": [],
  "password": "1mP0ssible!pass",
  "active": true
}`

// Steps returns the spec test list in run order.
func Steps() []Step {
	return []Step{
		{
			Name: "list users with count=1", Method: "GET", Path: "/Users?startIndex=1&count=1",
			Expect: Expect{Status: 200, ListResponse: true},
		},
		{
			Name: "filter on a random userName finds nothing", Method: "GET",
			Path:   `/Users?filter=userName%20eq%20%22{{missUserName}}%22&startIndex=1&count=100`,
			Expect: Expect{Status: 200, ListResponse: true, TotalResults: intp(0)},
		},
		{
			Name: "unknown user id answers 404 with the error schema", Method: "GET",
			Path: "/Users/{{missID}}", Expect: Expect{Status: 404, ErrorSchema: true},
		},
		{
			Name: "create a user with realistic values", Method: "POST", Path: "/Users",
			Body: realisticUser,
			Expect: Expect{
				Status: 201, Active: boolp(true), Save: map[string]string{"id": "id"},
				Attrs: map[string]string{"userName": "{{userName}}"},
			},
		},
		{
			Name: "get the created user by id", Method: "GET", Path: "/Users/{{id}}",
			Expect: Expect{Status: 200, Attrs: map[string]string{
				"id":       "{{id}}",
				"userName": "{{userName}}",
			}},
		},
		{
			Name: "list users with count=1 returns one", Method: "GET",
			Path:   "/Users?startIndex=1&count=1",
			Expect: Expect{Status: 200, ListResponse: true, ItemsPerPage: intp(1)},
		},
		{
			Name: "creating the same user again answers 409 uniqueness", Method: "POST",
			Path: "/Users", Body: realisticUser,
			Expect: Expect{Status: 409, ErrorSchema: true, ScimType: "uniqueness"},
		},
		{
			Name: "an upper-cased userName filter finds the user", Method: "GET",
			Path:   `/Users?filter=userName%20eq%20%22{{upperUserName}}%22&startIndex=1&count=100`,
			Expect: Expect{Status: 200, ListResponse: true, TotalResults: intp(1)},
		},
		{
			Name: "a request without a token answers 401 with the error schema", Method: "GET",
			Path: "/Users?startIndex=1&count=1", NoAuth: true,
			Expect: Expect{Status: 401, ErrorSchema: true},
		},
		{
			Name: "list groups with count=1", Method: "GET", Path: "/Groups?startIndex=1&count=1",
			Expect: Expect{Status: 200, ListResponse: true},
		},
	}
}

// Result is the outcome of one step; Err is nil when it passed.
type Result struct {
	Step Step
	Err  error
}

// Run sends every step to the SCIM service at baseURL (ending before
// "/Users") with the bearer token, and returns one result per step.
func Run(ctx context.Context, client *http.Client, baseURL, token string) []Result {
	vars := newVars()
	results := make([]Result, 0, len(Steps()))
	for _, st := range Steps() {
		err := runStep(ctx, client, strings.TrimRight(baseURL, "/"), token, st, vars)
		results = append(results, Result{Step: st, Err: err})
	}
	return results
}

func newVars() map[string]string {
	suffix := randomHex(6)
	user := "spec.tester." + suffix + "@example.com"
	return map[string]string{
		"userName":      user,
		"upperUserName": strings.ToUpper(user),
		"missUserName":  "nobody." + randomHex(6) + "@example.com",
		"missID":        "00000000-0000-4000-8000-" + randomHex(6),
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func fill(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return s
}

func runStep(ctx context.Context, client *http.Client, base, token string, st Step,
	vars map[string]string,
) error {
	req, err := http.NewRequestWithContext(ctx, st.Method, base+fill(st.Path, vars),
		strings.NewReader(fill(st.Body, vars)))
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/scim+json")
	if st.Body != "" {
		req.Header.Set("Content-Type", "application/scim+json; charset=utf-8")
	}
	if !st.NoAuth {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("send request: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	return check(st.Expect, resp.StatusCode, body, vars)
}
