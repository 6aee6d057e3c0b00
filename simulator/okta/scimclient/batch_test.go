package scimclient

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/scim"
)

// patchSummary reads a recorded PATCH as "rename" or "<removes>r+<adds>a"
// (or "replace:<n>").
func patchSummary(t *testing.T, body string) string {
	t.Helper()
	var p struct {
		Operations []struct {
			Op    string          `json:"op"`
			Path  string          `json:"path"`
			Value json.RawMessage `json:"value"`
		} `json:"Operations"`
	}
	must(t, json.Unmarshal([]byte(body), &p))
	removes, adds, last := 0, 0, ""
	for _, op := range p.Operations {
		switch {
		case op.Op == "replace" && op.Path == "" && strings.Contains(string(op.Value), "displayName"):
			return "rename"
		case op.Op == "replace":
			var ms []scim.Member
			must(t, json.Unmarshal(op.Value, &ms))
			return fmt.Sprintf("replace:%d", len(ms))
		case op.Op == "remove":
			if last == "add" {
				t.Errorf("a remove follows the add in %s", body)
			}
			removes++
		case op.Op == "add":
			var ms []scim.Member
			must(t, json.Unmarshal(op.Value, &ms))
			if adds > 0 {
				t.Errorf("more than one add in %s", body)
			}
			adds += len(ms)
		}
		last = op.Op
	}
	return fmt.Sprintf("%dr+%da", removes, adds)
}

func TestOINMembershipBatches(t *testing.T) {
	mk := func(n int, prefix string) []scim.Member {
		out := make([]scim.Member, n)
		for i := range out {
			out[i] = scim.Member{Value: fmt.Sprintf("%s%03d", prefix, i), Display: "d"}
		}
		return out
	}
	ids := func(ms []scim.Member) []string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.Value
		}
		return out
	}
	tests := []struct {
		name      string
		batch     int
		add       []scim.Member
		remove    []string
		replace   []scim.Member
		isReplace bool
		want      []string
	}{
		{
			"one small batch", 100, mk(2, "a"),
			[]string{"r1"},
			nil, false,
			[]string{"rename", "1r+2a"},
		},
		{
			"no change sends only the reassertion", 100, nil, nil, nil, false,
			[]string{"rename"},
		},
		{
			"210 changes in batches of 100", 100, mk(150, "a"), ids(mk(60, "r")), nil, false,
			[]string{"rename", "60r+40a", "rename", "0r+100a", "rename", "0r+10a"},
		},
		{
			"batch size 256", 256, mk(300, "a"), nil, nil, false,
			[]string{"rename", "0r+256a", "rename", "0r+44a"},
		},
		{
			"push now within a batch", 100, nil, nil, mk(3, "m"), true,
			[]string{"rename", "replace:3"},
		},
		{
			"push now of an empty group", 100, nil, nil, nil, true,
			[]string{"rename", "replace:0"},
		},
		{
			"push now over a batch", 100, nil, nil, mk(230, "m"), true,
			[]string{"rename", "replace:100", "rename", "0r+100a", "rename", "0r+30a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSCIM(t)
			f.push(repeat(scripted{method: "PATCH", status: 204}, 20)...)
			c, err := New(Config{
				Target:   Target{BaseURL: f.baseURL()},
				Settings: Settings{BatchSize: tt.batch},
			})
			must(t, err)
			ctx := context.Background()
			if tt.isReplace {
				err = c.ReplaceMembers(ctx, Tag{}, "g1", "Eng", tt.replace)
			} else {
				err = c.UpdateMembers(ctx, Tag{}, "g1", "Eng", tt.add, tt.remove)
			}
			must(t, err)
			var got []string
			for _, r := range f.requests() {
				got = append(got, patchSummary(t, r.Body))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("PATCHes = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAIWMembershipIsOnePut(t *testing.T) {
	f := newFakeSCIM(t)
	u1 := f.addUser(map[string]any{"userName": "a"})
	u2 := f.addUser(map[string]any{"userName": "b"})
	g := f.addGroup("Eng", u1)
	c, err := New(Config{
		Target:   Target{BaseURL: f.baseURL()},
		Settings: Settings{Profile: ProfileAIW},
	})
	must(t, err)

	add := make([]scim.Member, 0, 150)
	for i := range 150 {
		add = append(add, scim.Member{Value: fmt.Sprintf("n%03d", i)})
	}
	add = append(add, scim.Member{Value: u2, Display: "b"}, scim.Member{Value: u2})
	must(t, c.UpdateMembers(context.Background(), Tag{}, g, "Eng", add, []string{u1}))
	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].Method != "GET" || reqs[1].Method != "PUT" {
		t.Fatalf("requests = %v, want GET then PUT", reqs)
	}
	if n := len(f.group(g)["members"].([]any)); n != 151 {
		t.Errorf("members after PUT = %d, want 151 (u1 removed, u2 once)", n)
	}
}
