package bench

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

func TestKindOf(t *testing.T) {
	tests := []struct {
		name string
		ex   scimclient.Exchange
		want string
	}{
		{"lookup", scimclient.Exchange{
			Method: "GET", Path: "/scim/v2/Users",
			Query: "filter=userName%20eq%20%22a%22&startIndex=1&count=100",
		}, "user lookup"},
		{"list", scimclient.Exchange{
			Method: "GET", Path: "/scim/v2/Users",
			Query: "startIndex=1&count=2",
		}, "user list"},
		{"read", scimclient.Exchange{Method: "GET", Path: "/scim/v2/Users/42"}, "user read"},
		{"create", scimclient.Exchange{Method: "POST", Path: "/scim/v2/Groups"}, "group create"},
		{"replace", scimclient.Exchange{Method: "PUT", Path: "/scim/v2/Users/7"}, "user replace"},
		{"deactivate", scimclient.Exchange{
			Method: "PATCH", Path: "/scim/v2/Users/7",
			RequestBody: `{"Operations":[{"op":"replace","value":{"active":false}}]}`,
		}, "user patch"},
		{
			"rename",
			scimclient.Exchange{
				Method: "PATCH", Path: "/scim/v2/Groups/9",
				RequestBody: `{"Operations":[{"op":"replace","value":{"id":"9","displayName":"x"}}]}`,
			},
			"group rename",
		},
		{
			"members",
			scimclient.Exchange{
				Method: "PATCH", Path: "/scim/v2/Groups/9",
				RequestBody: `{"Operations":[{"op":"add","path":"members","value":[]}]}`,
			},
			"group members",
		},
		{"delete", scimclient.Exchange{Method: "DELETE", Path: "/scim/v2/Groups/9"}, "group delete"},
		{"other", scimclient.Exchange{Method: "GET", Path: "/scim/v2/Schemas"}, "other list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kindOf(tt.ex); got != tt.want {
				t.Errorf("kindOf = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   float64
	}{
		{"empty", nil, 0.5, 0},
		{"one", []float64{3}, 0.99, 3},
		{"median of four is the second", []float64{1, 2, 3, 4}, 0.5, 2},
		{"p99 of hundred is the 99th", hundred(), 0.99, 99},
		{"p50 of hundred is the 50th", hundred(), 0.5, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func hundred() []float64 {
	out := make([]float64, 100)
	for i := range out {
		out[i] = float64(i + 1)
	}
	return out
}

// smallOrg is a generated org of a few users and groups.
func smallOrg() *fixtures.Document {
	return fixtures.Generate(fixtures.GenerateOptions{
		Seed: 3, Users: 30, Groups: 4,
		Memberships: 60,
	})
}

// TestVerifyTarget loads a castsim with a changed copy of an org and checks
// that the verification names the change, and finds nothing when the copy
// is exact.
func TestVerifyTarget(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *fixtures.Document)
		want   string // in a problem; empty for none
	}{
		{"exact copy", func(*fixtures.Document) {}, ""},
		{"member missing", func(d *fixtures.Document) {
			d.Groups[1].Members = d.Groups[1].Members[1:]
		}, "group \"" + smallOrg().Groups[1].Name + "\" has"},
		{
			"group missing", func(d *fixtures.Document) { d.Groups = d.Groups[1:] },
			"group \"" + smallOrg().Groups[0].Name + "\" is missing",
		},
		{"user missing", func(d *fixtures.Document) {
			d.Users = d.Users[:len(d.Users)-1]
			for i := range d.Groups {
				d.Groups[i].Members = slices.DeleteFunc(d.Groups[i].Members, func(id string) bool {
					return id == smallOrg().Users[len(d.Users)].ID
				})
			}
		}, "is missing"},
		{"extra user", func(d *fixtures.Document) {
			d.Users = append(d.Users, fixtures.User{
				ID:      "00uextra",
				Profile: fixtures.Profile{Login: "extra@example.com", Email: "extra@example.com"},
			})
		}, "\"extra@example.com\" is not in the org"},
		{
			"wrong externalId", func(d *fixtures.Document) { renameUser(d, 0, "00uother") },
			"has externalId \"00uother\"",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := smallOrg()
			tt.change(target)
			r := startTarget(t, target)

			v, err := verifyTarget(context.Background(), r, smallOrg())
			if err != nil {
				t.Fatal(err)
			}
			joined := strings.Join(v.Problems, "\n")
			if tt.want == "" && !v.OK() {
				t.Fatalf("problems in an exact copy:\n%s", joined)
			}
			if tt.want != "" && !strings.Contains(joined, tt.want) {
				t.Fatalf("problems do not mention %q:\n%s", tt.want, joined)
			}
		})
	}
}

// renameUser gives the i-th user another id, in the groups too.
func renameUser(d *fixtures.Document, i int, id string) {
	old := d.Users[i].ID
	d.Users[i].ID = id
	for _, g := range d.Groups {
		for j, m := range g.Members {
			if m == old {
				g.Members[j] = id
			}
		}
	}
}

// startTarget serves a castsim on loopback holding doc.
func startTarget(t *testing.T, doc *fixtures.Document) *scimReader {
	t.Helper()
	srv, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	token := newSecret()
	cast, err := castai.New(castai.Config{PublicURL: srv.URL, SCIMToken: token})
	if err != nil {
		t.Fatal(err)
	}
	srv.start(cast.Handler())
	t.Cleanup(srv.stop)
	base := srv.URL + "/scim/v2"
	if err := loadTarget(context.Background(), base, token, 4, doc); err != nil {
		t.Fatal(err)
	}
	return &scimReader{baseURL: base, token: token, hc: &http.Client{}}
}

// TestRunInProcess runs the in-process phases at a tiny size: the sync must
// leave castsim holding the org, and every figure must be there. No figure
// is compared with a time.
func TestRunInProcess(t *testing.T) {
	res, err := Run(context.Background(), Options{
		Users: 40, Groups: 5, Memberships: 90,
		LookupUsers: 300, PatchGroupSize: 150, PatchBatch: 20, Samples: 30,
		SkipSuite: true, SkipProcesses: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Sync.Verify.OK() {
		t.Fatalf("castsim does not hold the org: %v", res.Sync.Verify.Problems)
	}
	s := res.Sync
	if s.Users != 40 || s.Groups != 5 || s.Memberships == 0 {
		t.Errorf("org is %d users, %d groups, %d memberships; want 40, 5 and some",
			s.Users, s.Groups, s.Memberships)
	}
	// Per user a lookup and a create; per group a lookup, a create, the
	// rename and at least one member PATCH.
	if want := 2*s.Users + 4*s.Groups; s.Requests < want || s.Failed != 0 || s.Tasks != 0 {
		t.Errorf("requests %d (want at least %d), failed %d, tasks %d", s.Requests, want,
			s.Failed, s.Tasks)
	}
	kinds := map[string]int{}
	for _, k := range s.Kinds {
		kinds[k.Kind] = k.Count
	}
	for kind, want := range map[string]int{
		"user lookup": 40, "user create": 40,
		"group create": 5, "group rename": 5,
	} {
		if kinds[kind] != want {
			t.Errorf("%s: %d requests, want %d (kinds %v)", kind, kinds[kind], want, kinds)
		}
	}
	if res.Baseline.Requests != s.Requests {
		t.Errorf("baseline sent %d requests, want the sync's %d", res.Baseline.Requests, s.Requests)
	}
	f := res.Figures()
	for _, key := range []string{
		"initial_sync_seconds", "sync_requests_per_second",
		"baseline_requests_per_second", "efficiency_ratio", "lookup_p50_ms", "patch_p50_ms",
	} {
		if v, ok := f[key]; !ok || v <= 0 {
			t.Errorf("figure %s = %v (present %t), want a positive number", key, v, ok)
		}
	}
	for _, key := range []string{"suite_seconds", "rss_mib_100k", "startup_ms_idpsim"} {
		if _, ok := f[key]; ok {
			t.Errorf("figure %s present though its phase was skipped", key)
		}
	}
}
