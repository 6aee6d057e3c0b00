package robustness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// snapshot is the state both servers show through their read APIs: one
// canonical JSON document per read, keyed by the read's path.
type snapshot map[string]string

// takeSnapshot reads everything a hostile request could have changed:
// castsim's users and groups over SCIM, its console users, groups, role
// bindings and SSO connections, and idpsim's users, groups, memberships,
// apps, assignments, push mappings, tasks and faults.
func takeSnapshot(t *testing.T, st *stack, w world) snapshot {
	t.Helper()
	s := snapshot{}
	for _, p := range []string{"/Users?count=1000", "/Groups?count=1000"} {
		s.add(t, "scim "+p, st.scim(t, "GET", p, nil))
	}
	org := "/v1/organizations/" + w["org"]
	for _, p := range []string{
		org + "/users", org + "/groups", org + "/role-bindings",
		"/v1/sso-connections",
	} {
		s.add(t, "console "+p, st.console(t, "GET", p, nil))
	}
	app := "/api/v1/apps/" + w["app"]
	for _, p := range []string{
		"/api/v1/users?limit=1000", "/api/v1/apps", app + "/users",
		app + "/groups", app + "/group-push/mappings", "/_sim/tasks", "/_sim/faults/" + w["app"],
	} {
		s.add(t, "idpsim "+p, st.okta(t, "GET", p, nil))
	}
	var groups []struct{ ID string }
	groupsReply := st.okta(t, "GET", "/api/v1/groups?limit=1000", nil)
	decode(t, groupsReply, 200, &groups)
	s.add(t, "idpsim /api/v1/groups", groupsReply)
	for _, g := range groups {
		p := "/api/v1/groups/" + g.ID + "/users"
		s.add(t, "idpsim "+p, st.okta(t, "GET", p, nil))
	}
	return s
}

func (s snapshot) add(t *testing.T, key string, r reply) {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("snapshot %s: %s", key, r)
	}
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("snapshot %s: %v", key, err)
	}
	data, _ := json.Marshal(v) // map keys come out sorted
	s[key] = string(data)
}

// diff describes how after differs from s, or returns "" when equal.
func (s snapshot) diff(after snapshot) string {
	var out []string
	keys := make([]string, 0, len(s)+len(after))
	for k := range s {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := s[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		a, b := s[k], after[k]
		if a != b {
			out = append(out, fmt.Sprintf("%s changed near %q", k, firstDifference(a, b)))
		}
	}
	return strings.Join(out, "\n")
}

func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	start := max(i-60, 0)
	end := min(i+60, len(b))
	return string(bytes.ToValidUTF8([]byte(b[start:end]), []byte("?")))
}
