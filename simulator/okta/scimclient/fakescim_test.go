package scimclient

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/idpsim/idpsim/scim"
)

// fakeSCIM is a small SCIM service provider for the tests: it stores users
// and groups as raw JSON objects (so unknown attributes echo back), applies
// the PATCH shapes Okta sends, and records every request exactly as it
// arrived. Scripted answers (script) are served before the store is asked.
type fakeSCIM struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	seen   []seenRequest
	users  map[string]map[string]any
	groups map[string]map[string]any
	nextID int
	script []scripted
}

type seenRequest struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     string
}

// scripted is a canned answer for the next request matching method and path
// prefix (empty matches any).
type scripted struct {
	method, path string
	status       int
	header       map[string]string
	body         string
}

const fakeBase = "/scim/v2"

func newFakeSCIM(t *testing.T) *fakeSCIM {
	t.Helper()
	f := &fakeSCIM{t: t, users: map[string]map[string]any{}, groups: map[string]map[string]any{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSCIM) baseURL() string { return f.srv.URL + fakeBase }

func (f *fakeSCIM) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

func (f *fakeSCIM) push(s ...scripted) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, s...)
}

// addUser stores a user directly (not recorded) and returns its id.
func (f *fakeSCIM) addUser(attrs map[string]any) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.newID("u")
	attrs["id"] = id
	f.users[id] = attrs
	return id
}

func (f *fakeSCIM) addGroup(name string, members ...string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.newID("g")
	ms := []any{}
	for _, m := range members {
		ms = append(ms, map[string]any{"value": m, "display": f.users[m]["userName"]})
	}
	f.groups[id] = map[string]any{
		"schemas": []any{scim.SchemaGroup}, "id": id,
		"displayName": name, "members": ms, "meta": fixedMeta("Group", id),
	}
	return id
}

func (f *fakeSCIM) user(id string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.users[id]
}

func (f *fakeSCIM) group(id string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.groups[id]
}

func (f *fakeSCIM) newID(prefix string) string {
	f.nextID++
	return fmt.Sprintf("%s-%04d", prefix, f.nextID)
}

func fixedMeta(kind, id string) map[string]any {
	return map[string]any{
		"resourceType": kind, "created": "2026-01-02T03:04:05Z",
		"lastModified": "2026-01-02T03:04:05Z", "location": fakeBase + "/" + kind + "s/" + id,
	}
}

func (f *fakeSCIM) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, seenRequest{
		Method: r.Method, Path: r.URL.Path,
		RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(body),
	})

	for i, s := range f.script {
		if (s.method == "" || s.method == r.Method) && strings.HasPrefix(r.URL.Path, s.path) {
			f.script = append(f.script[:i:i], f.script[i+1:]...)
			for k, v := range s.header {
				w.Header().Set(k, v)
			}
			w.WriteHeader(s.status)
			_, _ = io.WriteString(w, s.body)
			return
		}
	}

	rest, ok := strings.CutPrefix(r.URL.Path, fakeBase)
	if !ok {
		f.fail(w, http.StatusNotFound, "no such endpoint")
		return
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	store := map[string]map[string]map[string]any{"Users": f.users, "Groups": f.groups}[parts[0]]
	if store == nil {
		f.fail(w, http.StatusNotFound, "no such endpoint")
		return
	}
	if len(parts) == 1 {
		f.collection(w, r, parts[0], store, body)
		return
	}
	f.item(w, r, parts[0], store, parts[1], body)
}

func (f *fakeSCIM) fail(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", scim.ContentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(&scim.Error{Status: status, Detail: detail})
}

func (f *fakeSCIM) reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", scim.ContentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var fakeFilter = regexp.MustCompile(`^(\w+) eq "((?:[^"\\]|\\.)*)"$`)

func (f *fakeSCIM) collection(w http.ResponseWriter, r *http.Request, kind string,
	store map[string]map[string]any, body []byte,
) {
	keyAttr := map[string]string{"Users": "userName", "Groups": "displayName"}[kind]
	switch r.Method {
	case http.MethodGet:
		f.list(w, r, store)
	case http.MethodPost:
		var obj map[string]any
		if err := json.Unmarshal(body, &obj); err != nil {
			f.fail(w, http.StatusBadRequest, "invalid JSON")
			return
		}
		for _, have := range store {
			if strings.EqualFold(fmt.Sprint(have[keyAttr]), fmt.Sprint(obj[keyAttr])) {
				f.fail(w, http.StatusConflict, keyAttr+" already exists")
				return
			}
		}
		id := f.newID(strings.ToLower(kind[:1]))
		obj["id"] = id
		obj["meta"] = fixedMeta(strings.TrimSuffix(kind, "s"), id)
		delete(obj, "password")
		store[id] = obj
		f.reply(w, http.StatusCreated, obj)
	default:
		f.fail(w, http.StatusMethodNotAllowed, "method not allowed")
	}
}

func (f *fakeSCIM) list(w http.ResponseWriter, r *http.Request, store map[string]map[string]any) {
	q := r.URL.Query()
	ids := make([]string, 0, len(store))
	for id := range store {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var match []map[string]any
	for _, id := range ids {
		if ok, err := filterMatch(q.Get("filter"), store[id]); err != nil {
			f.fail(w, http.StatusBadRequest, err.Error())
			return
		} else if ok {
			match = append(match, store[id])
		}
	}
	start, _ := strconv.Atoi(q.Get("startIndex"))
	count, _ := strconv.Atoi(q.Get("count"))
	start = max(start, 1)
	page := []json.RawMessage{}
	for i := start - 1; i < len(match) && len(page) < count; i++ {
		b, _ := json.Marshal(match[i])
		page = append(page, b)
	}
	f.reply(w, http.StatusOK, scim.ListResponse{
		Schemas:      []string{scim.SchemaListResponse},
		TotalResults: len(match), StartIndex: start, ItemsPerPage: len(page), Resources: page,
	})
}

func filterMatch(filter string, obj map[string]any) (bool, error) {
	if filter == "" {
		return true, nil
	}
	m := fakeFilter.FindStringSubmatch(filter)
	if m == nil {
		return false, fmt.Errorf("unsupported filter %q", filter)
	}
	value := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[2])
	return strings.EqualFold(fmt.Sprint(obj[m[1]]), value), nil
}

func (f *fakeSCIM) item(w http.ResponseWriter, r *http.Request, kind string,
	store map[string]map[string]any, id string, body []byte,
) {
	id, _ = url.PathUnescape(id)
	obj, ok := store[id]
	if !ok {
		f.fail(w, http.StatusNotFound, kind[:len(kind)-1]+" "+id+" not found")
		return
	}
	switch r.Method {
	case http.MethodGet:
		f.reply(w, http.StatusOK, obj)
	case http.MethodPut:
		var next map[string]any
		if err := json.Unmarshal(body, &next); err != nil {
			f.fail(w, http.StatusBadRequest, "invalid JSON")
			return
		}
		next["id"] = id
		store[id] = next
		f.reply(w, http.StatusOK, next)
	case http.MethodPatch:
		if err := applyPatch(obj, body); err != nil {
			f.fail(w, http.StatusBadRequest, err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		delete(store, id)
		w.WriteHeader(http.StatusNoContent)
	}
}

var memberPath = regexp.MustCompile(`^members\[value eq "([^"]*)"\]$`)

// applyPatch applies the shapes Okta sends: path-less replace, members add,
// filtered members remove, members replace.
func applyPatch(obj map[string]any, body []byte) error {
	var req struct {
		Operations []struct {
			Op    string `json:"op"`
			Path  string `json:"path"`
			Value any    `json:"value"`
		} `json:"Operations"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return fmt.Errorf("invalid PATCH: %w", err)
	}
	for _, op := range req.Operations {
		members, _ := obj["members"].([]any)
		switch {
		case op.Path == "" && strings.EqualFold(op.Op, "replace"):
			v, ok := op.Value.(map[string]any)
			if !ok {
				return fmt.Errorf("path-less replace needs an object")
			}
			for k, x := range v {
				obj[k] = x
			}
		case op.Path == "members" && strings.EqualFold(op.Op, "add"):
			add, _ := op.Value.([]any)
			obj["members"] = append(members, add...)
		case op.Path == "members" && strings.EqualFold(op.Op, "replace"):
			obj["members"] = op.Value
		case strings.EqualFold(op.Op, "remove") && memberPath.MatchString(op.Path):
			id := memberPath.FindStringSubmatch(op.Path)[1]
			kept := []any{}
			for _, m := range members {
				if m.(map[string]any)["value"] != id {
					kept = append(kept, m)
				}
			}
			obj["members"] = kept
		default:
			return fmt.Errorf("unsupported operation %s %q", op.Op, op.Path)
		}
	}
	return nil
}
