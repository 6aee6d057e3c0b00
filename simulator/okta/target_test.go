package okta

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// recorded is one request the test SCIM target received.
type recorded struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   map[string]any
	Raw    string
}

// target is a small SCIM 2.0 service provider for tests: users and groups in
// memory, Okta's PATCH shapes, and a log of every request.
type target struct {
	mu       sync.Mutex
	log      []recorded
	users    map[string]map[string]any
	groups   map[string]map[string]any
	members  map[string][]string
	seq      int
	token    string
	srv      *httptest.Server
	failNext map[string]int // "METHOD /path-prefix" → status for the next request
}

func newTarget(t *testing.T) *target {
	t.Helper()
	tg := &target{
		users: map[string]map[string]any{}, groups: map[string]map[string]any{},
		members: map[string][]string{}, token: "test-token", failNext: map[string]int{},
	}
	tg.srv = httptest.NewServer(http.HandlerFunc(tg.serve))
	t.Cleanup(tg.srv.Close)
	return tg
}

func (tg *target) baseURL() string { return tg.srv.URL + "/scim/v2" }

func (tg *target) requests() []recorded {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return slices.Clone(tg.log)
}

// lines renders the request log as "METHOD path?query" lines.
func (tg *target) lines() []string {
	var out []string
	for _, r := range tg.requests() {
		l := r.Method + " " + r.Path
		if r.Query != "" {
			l += "?" + r.Query
		}
		out = append(out, l)
	}
	return out
}

func (tg *target) memberIDs(groupName string) []string {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	for id, g := range tg.groups {
		if g["displayName"] == groupName {
			out := slices.Clone(tg.members[id])
			slices.Sort(out)
			return out
		}
	}
	return nil
}

func (tg *target) userByName(userName string) map[string]any {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	for _, u := range tg.users {
		if u["userName"] == userName {
			return u
		}
	}
	return nil
}

func (tg *target) write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

func scimErr(status int, detail string) map[string]any {
	return map[string]any{
		"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:Error"},
		"status":  fmt.Sprint(status), "detail": detail,
	}
}

var filterRe = regexp.MustCompile(`^(\w+) eq "(.*)"$`)

func (tg *target) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	path := strings.TrimPrefix(r.URL.Path, "/scim/v2")
	tg.mu.Lock()
	defer tg.mu.Unlock()
	tg.log = append(tg.log, recorded{
		Method: r.Method, Path: path, Query: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, Raw: string(raw),
	})
	if r.Header.Get("Authorization") != "Bearer "+tg.token {
		tg.write(w, http.StatusUnauthorized, scimErr(401, "bad token"))
		return
	}
	for k, status := range tg.failNext {
		method, prefix, _ := strings.Cut(k, " ")
		if method == r.Method && strings.HasPrefix(path, prefix) {
			delete(tg.failNext, k)
			tg.write(w, status, scimErr(status, "injected by the test target"))
			return
		}
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) == 1 && r.Method == http.MethodGet:
		tg.list(w, parts[0], r.URL.Query().Get("filter"))
	case len(parts) == 1 && r.Method == http.MethodPost:
		tg.create(w, parts[0], body)
	case len(parts) == 2:
		tg.one(w, r.Method, parts[0], parts[1], body)
	default:
		tg.write(w, http.StatusNotFound, scimErr(404, "no such endpoint"))
	}
}

func (tg *target) table(kind string) map[string]map[string]any {
	if kind == "Users" {
		return tg.users
	}
	return tg.groups
}

func (tg *target) render(kind, id string) map[string]any {
	res := map[string]any{}
	for k, v := range tg.table(kind)[id] {
		res[k] = v
	}
	if kind == "Groups" {
		var ms []any
		for _, m := range tg.members[id] {
			ms = append(ms, map[string]any{"value": m})
		}
		res["members"] = ms
	}
	return res
}

func (tg *target) list(w http.ResponseWriter, kind, filter string) {
	var res []any
	m := filterRe.FindStringSubmatch(filter)
	for id, v := range tg.table(kind) {
		if m == nil || strings.EqualFold(fmt.Sprint(v[m[1]]), m[2]) {
			res = append(res, tg.render(kind, id))
		}
	}
	tg.write(w, http.StatusOK, map[string]any{
		"schemas":      []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"},
		"totalResults": len(res), "startIndex": 1, "itemsPerPage": len(res), "Resources": res,
	})
}

func (tg *target) create(w http.ResponseWriter, kind string, body map[string]any) {
	key := "userName"
	if kind == "Groups" {
		key = "displayName"
	}
	for _, v := range tg.table(kind) {
		if strings.EqualFold(fmt.Sprint(v[key]), fmt.Sprint(body[key])) {
			tg.write(w, http.StatusConflict, scimErr(409, "exists"))
			return
		}
	}
	// Ids derive from the name so that tests can name them: u-ann, g-team.
	name, _, _ := strings.Cut(strings.ToLower(fmt.Sprint(body[key])), "@")
	id := strings.ToLower(kind[:1]) + "-" + strings.ReplaceAll(name, " ", "-")
	if _, taken := tg.table(kind)[id]; taken {
		tg.seq++
		id = fmt.Sprintf("%s-%d", id, tg.seq)
	}
	rec := map[string]any{"id": id}
	for k, v := range body {
		if k != "members" && k != "password" && k != "groups" {
			rec[k] = v
		}
	}
	tg.table(kind)[id] = rec
	tg.write(w, http.StatusCreated, tg.render(kind, id))
}

func (tg *target) one(w http.ResponseWriter, method, kind, id string, body map[string]any) {
	rec, ok := tg.table(kind)[id]
	if !ok {
		tg.write(w, http.StatusNotFound, scimErr(404, "not found"))
		return
	}
	switch method {
	case http.MethodGet:
		tg.write(w, http.StatusOK, tg.render(kind, id))
	case http.MethodPut:
		for k, v := range body {
			if k != "members" && k != "id" {
				rec[k] = v
			}
		}
		if ms, ok := body["members"].([]any); ok && kind == "Groups" {
			tg.members[id] = memberValues(ms)
		}
		tg.write(w, http.StatusOK, tg.render(kind, id))
	case http.MethodPatch:
		tg.patch(id, rec, body)
		tg.write(w, http.StatusNoContent, nil)
	case http.MethodDelete:
		delete(tg.table(kind), id)
		tg.write(w, http.StatusNoContent, nil)
	}
}

var memberFilter = regexp.MustCompile(`^members\[value eq "(.*)"\]$`)

func (tg *target) patch(id string, rec map[string]any, body map[string]any) {
	ops, _ := body["Operations"].([]any)
	for _, o := range ops {
		op, _ := o.(map[string]any)
		path, _ := op["path"].(string)
		switch {
		case path == "":
			for k, v := range op["value"].(map[string]any) {
				if k == "members" {
					tg.members[id] = memberValues(v.([]any))
					continue
				}
				rec[k] = v
			}
		case path == "members" && op["op"] == "add":
			tg.members[id] = append(tg.members[id], memberValues(op["value"].([]any))...)
		case path == "members" && op["op"] == "replace":
			tg.members[id] = memberValues(op["value"].([]any))
		case memberFilter.MatchString(path):
			v := memberFilter.FindStringSubmatch(path)[1]
			tg.members[id] = slices.DeleteFunc(tg.members[id], func(m string) bool { return m == v })
		}
	}
}

func memberValues(ms []any) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.(map[string]any)["value"].(string))
	}
	return out
}

// mark returns the position of the next request, for since.
func (tg *target) mark() int {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return len(tg.log)
}

// since returns the requests after mark as lines, bodies included for
// writes: "PATCH /Users/u-1 {…}".
func (tg *target) since(mark int) []string {
	var out []string
	for _, r := range tg.requests()[mark:] {
		l := r.Method + " " + r.Path
		if r.Query != "" {
			l += "?" + r.Query
		}
		if r.Method == http.MethodPatch {
			b, _ := json.Marshal(r.Body["Operations"])
			l += " " + string(b)
		}
		out = append(out, l)
	}
	return out
}
