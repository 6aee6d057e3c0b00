package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/scim"
)

// maxProblems bounds the problems a verification lists.
const maxProblems = 20

// scimReader lists a target's users and groups over SCIM.
type scimReader struct {
	baseURL string // e.g. http://127.0.0.1:8081/scim/v2
	token   string
	hc      *http.Client
}

type targetUser struct {
	ID         string `json:"id"`
	UserName   string `json:"userName"`
	ExternalID string `json:"externalId"`
	Active     bool   `json:"active"`
}

type targetGroup struct {
	ID          string        `json:"id"`
	DisplayName string        `json:"displayName"`
	Members     []scim.Member `json:"members"`
}

// list reads every resource of a type, a page of pageSize at a time.
func list[T any](ctx context.Context, r *scimReader, resource string) ([]T, error) {
	const pageSize = 1000
	var out []T
	for start := 1; ; start += pageSize {
		q := url.Values{"startIndex": {strconv.Itoa(start)}, "count": {strconv.Itoa(pageSize)}}
		var page scim.ListResponse
		if err := r.get(ctx, "/"+resource+"?"+q.Encode(), &page); err != nil {
			return nil, fmt.Errorf("list %s: %w", resource, err)
		}
		for _, raw := range page.Resources {
			var v T
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, fmt.Errorf("decode %s: %w", resource, err)
			}
			out = append(out, v)
		}
		if len(page.Resources) == 0 || start+len(page.Resources) > page.TotalResults {
			return out, nil
		}
	}
}

func (r *scimReader) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.baseURL+path, nil)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Accept", scim.ContentType)
	resp, err := r.hc.Do(req)
	if err != nil {
		return fmt.Errorf("get %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return decodeAnswer(resp.StatusCode, body, v)
}

// decodeAnswer decodes a 2xx JSON answer into v.
func decodeAnswer(status int, body []byte, v any) error {
	if status < 200 || status > 299 {
		return fmt.Errorf("status %d: %.200s", status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}

// verifyTarget reads the target's users and groups and compares them with
// the org: every active user exactly once under its login with its Okta id
// as externalId, every group exactly once under its name with exactly its
// members.
func verifyTarget(ctx context.Context, r *scimReader,
	doc *fixtures.Document,
) (Verification, error) {
	users, err := list[targetUser](ctx, r, "Users")
	if err != nil {
		return Verification{}, err
	}
	groups, err := list[targetGroup](ctx, r, "Groups")
	if err != nil {
		return Verification{}, err
	}
	v := Verification{Users: len(users), Groups: len(groups)}
	p := &problems{}
	logins := checkUsers(p, doc, users)
	for _, g := range groups {
		v.Memberships += len(g.Members)
	}
	checkGroups(p, doc, groups, logins)
	v.Problems = p.list()
	return v, nil
}

// checkUsers compares the users and returns target id → userName.
func checkUsers(p *problems, doc *fixtures.Document, users []targetUser) map[string]string {
	want := map[string]string{} // login -> Okta id
	for _, u := range doc.Users {
		if u.Status == "" || u.Status == "ACTIVE" {
			want[u.Profile.Login] = u.ID
		}
	}
	byID := make(map[string]string, len(users))
	seen := map[string]bool{}
	for _, u := range users {
		byID[u.ID] = u.UserName
		oktaID, ok := want[u.UserName]
		switch {
		case !ok:
			p.addf("user %q is not in the org", u.UserName)
		case seen[u.UserName]:
			p.addf("user %q is held twice", u.UserName)
		case !u.Active:
			p.addf("user %q is not active", u.UserName)
		case u.ExternalID != oktaID:
			p.addf("user %q has externalId %q, want %q", u.UserName, u.ExternalID, oktaID)
		}
		seen[u.UserName] = true
	}
	for login := range want {
		if !seen[login] {
			p.addf("user %q is missing", login)
		}
	}
	return byID
}

// checkGroups compares the groups and their members by userName.
func checkGroups(p *problems, doc *fixtures.Document, groups []targetGroup,
	logins map[string]string,
) {
	byName := make(map[string]targetGroup, len(groups))
	for _, g := range groups {
		if _, dup := byName[g.DisplayName]; dup {
			p.addf("group %q is held twice", g.DisplayName)
		}
		byName[g.DisplayName] = g
	}
	oktaLogins := make(map[string]string, len(doc.Users))
	for _, u := range doc.Users {
		oktaLogins[u.ID] = u.Profile.Login
	}
	for _, g := range doc.Groups {
		got, ok := byName[g.Name]
		if !ok {
			p.addf("group %q is missing", g.Name)
			continue
		}
		delete(byName, g.Name)
		want := map[string]bool{}
		for _, id := range g.Members {
			want[oktaLogins[id]] = true
		}
		have := map[string]bool{}
		for _, m := range got.Members {
			have[logins[m.Value]] = true
		}
		if !sameSet(want, have) || len(got.Members) != len(want) {
			p.addf("group %q has %d members, want %d (%d in common)", g.Name,
				len(got.Members), len(want), common(want, have))
		}
	}
	for name := range byName {
		p.addf("group %q is not in the org", name)
	}
}

func sameSet(a, b map[string]bool) bool {
	return len(a) == len(b) && common(a, b) == len(a)
}

func common(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n
}

// problems collects at most maxProblems messages and counts the rest.
type problems struct {
	msgs []string
	more int
}

func (p *problems) addf(format string, args ...any) {
	if len(p.msgs) < maxProblems {
		p.msgs = append(p.msgs, fmt.Sprintf(format, args...))
		return
	}
	p.more++
}

func (p *problems) list() []string {
	if p.more > 0 {
		return append(p.msgs, fmt.Sprintf("and %d more", p.more))
	}
	return p.msgs
}
