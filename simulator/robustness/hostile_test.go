package robustness

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/scim"
)

// TestHostileInput replays the hostile corpus against a seeded castsim and
// idpsim. Each request must get a 4xx (the exact one when the case names it)
// in its server's error shape, and the state both servers show must be the
// same after it as before. Cases marked with a gap are known shortcomings of
// a server: they are sent and must not get a 5xx, and the test log lists
// them.
func TestHostileInput(t *testing.T) {
	corpus := loadCorpus(t)
	if len(corpus) < 100 {
		t.Fatalf("corpus holds %d cases, want at least 100", len(corpus))
	}
	st := newStack(t, stackOptions{})
	w := seedOrg(t, st)
	before := takeSnapshot(t, st, w)

	var refused, gaps, gapsClosed int
	for _, e := range corpus {
		t.Run(e.file+"/"+e.Name, func(t *testing.T) {
			url, h, body := e.request(t, st, w)
			r := st.send(t, e.Method, url, h, body)
			st.wait(t)
			after := takeSnapshot(t, st, w)
			problems := e.judge(r)
			if d := before.diff(after); d != "" {
				problems = append(problems, "state changed:\n"+d)
			}
			// The next case compares with this one's outcome, so that one
			// change is reported once.
			before = after

			if e.Gap == "" {
				for _, p := range problems {
					t.Error(p)
				}
				if len(problems) == 0 {
					refused++
				}
				return
			}
			if r.status >= 500 {
				t.Errorf("known gap %q, but the server answered %s", e.Gap, r)
			}
			if len(problems) == 0 {
				gapsClosed++
				t.Logf("gap closed, drop its mark from the corpus: %s", e.Gap)
			} else {
				gaps++
				t.Logf("KNOWN GAP (%s): %s", e.Gap, strings.Join(problems, "; "))
			}
		})
	}
	t.Logf("hostile corpus: %d requests, %d refused as required with state unchanged, "+
		"%d known gaps open, %d gaps closed", len(corpus), refused, gaps, gapsClosed)
}

// judge lists what is wrong with a server's answer to the case.
func (e corpusEntry) judge(r reply) []string {
	var problems []string
	switch {
	case r.status >= 500:
		problems = append(problems, "5xx: "+r.String())
	case e.Status == "4xx" && (r.status < 400 || r.status > 499):
		problems = append(problems, "want a 4xx, got "+r.String())
	case e.Status != "4xx" && strconv.Itoa(r.status) != e.Status:
		problems = append(problems, "want "+e.Status+", got "+r.String())
	}
	if r.status < 400 {
		return problems
	}
	switch e.server {
	case serverSCIM:
		problems = append(problems, e.judgeSCIM(r)...)
	case serverConsole:
		problems = append(problems, judgeConsole(r)...)
	case serverIDP:
		problems = append(problems, judgeOkta(r)...)
	case serverOAuth:
		problems = append(problems, judgeOAuth(r)...)
	}
	return problems
}

// judgeSCIM checks the RFC 7644 §3.12 error body: the Error schema, status
// as a string equal to the HTTP status, a detail, and the scimType the case
// names.
func (e corpusEntry) judgeSCIM(r reply) []string {
	var problems []string
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, scim.ContentType) {
		problems = append(problems, "content type "+ct+", want "+scim.ContentType)
	}
	var body struct {
		Schemas  []string `json:"schemas"`
		Status   any      `json:"status"`
		ScimType string   `json:"scimType"`
		Detail   string   `json:"detail"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		return append(problems, "error body is not JSON: "+r.String())
	}
	if len(body.Schemas) != 1 || body.Schemas[0] != scim.SchemaError {
		problems = append(problems, "error schemas "+strings.Join(body.Schemas, ",")+
			", want "+scim.SchemaError)
	}
	if body.Status != strconv.Itoa(r.status) {
		problems = append(problems, "error status field is not the string "+strconv.Itoa(r.status))
	}
	if strings.TrimSpace(body.Detail) == "" {
		problems = append(problems, "error has no detail")
	}
	if e.ScimType != "" && body.ScimType != e.ScimType {
		problems = append(problems, "scimType "+body.ScimType+", want "+e.ScimType)
	}
	return problems
}

// judgeConsole checks castsim's console error body {"message": "…"}.
func judgeConsole(r reply) []string {
	var body struct {
		Message *string `json:"message"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || body.Message == nil ||
		strings.TrimSpace(*body.Message) == "" {
		return []string{`console error is not {"message": "…"}: ` + r.String()}
	}
	return nil
}

var oktaErrorCode = regexp.MustCompile(`^E\d{7}$`)

// judgeOkta checks Okta's error body: errorCode, errorSummary, errorLink,
// errorId and an errorCauses array.
func judgeOkta(r reply) []string {
	var body struct {
		ErrorCode    string            `json:"errorCode"`
		ErrorSummary string            `json:"errorSummary"`
		ErrorLink    string            `json:"errorLink"`
		ErrorID      string            `json:"errorId"`
		ErrorCauses  []json.RawMessage `json:"errorCauses"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		return []string{"Okta error body is not JSON: " + r.String()}
	}
	var problems []string
	if !oktaErrorCode.MatchString(body.ErrorCode) {
		problems = append(problems, "errorCode "+body.ErrorCode+" is not E0000000-shaped")
	}
	if strings.TrimSpace(body.ErrorSummary) == "" || body.ErrorID == "" || body.ErrorLink == "" {
		problems = append(problems, "Okta error lacks errorSummary, errorId or errorLink: "+
			r.String())
	}
	if body.ErrorCauses == nil {
		problems = append(problems, "Okta error lacks the errorCauses array")
	}
	return problems
}

// judgeOAuth checks the RFC 6749 §5.2 error body: a JSON object whose error
// member is one of the codes of RFC 6749 §5.2 or RFC 6750 §3.1. A request
// to a protected resource without any token gets a bare Bearer challenge
// instead (RFC 6750 §3.1).
func judgeOAuth(r reply) []string {
	if r.status == http.StatusUnauthorized && len(r.body) == 0 &&
		strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer ") {
		return nil
	}
	var body struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		return []string{"OAuth error body is not JSON: " + r.String()}
	}
	switch body.Error {
	case "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
		"unsupported_grant_type", "invalid_scope", "invalid_token":
		return nil
	}
	return []string{"OAuth error " + strconv.Quote(body.Error) + " is not an RFC 6749 code: " +
		r.String()}
}
