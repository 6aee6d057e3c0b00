package castai

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/idpsim/idpsim/simulator/castai/spectest"
)

// TestOktaSpec runs Okta's SCIM 2.0 spec test list against castsim over
// loopback HTTP. Each defect named below must make exactly the listed steps fail.
func TestOktaSpec(t *testing.T) {
	tests := []struct {
		defect   string
		wantFail map[string]bool
	}{
		{"", nil},
		{DefectCaseSensitiveUserName, map[string]bool{
			"an upper-cased userName filter finds the user": true,
		}},
		// The duplicate is created, so the filter then finds two users.
		{DefectNoUniqueness, map[string]bool{
			"creating the same user again answers 409 uniqueness": true,
			"an upper-cased userName filter finds the user":       true,
		}},
	}
	for _, tc := range tests {
		t.Run("defect="+tc.defect, func(t *testing.T) {
			t.Helper()
			var defects []string
			if tc.defect != "" {
				defects = []string{tc.defect}
			}
			e := newEnv(t, defects...)
			srv := httptest.NewServer(e.srv.Handler())
			defer srv.Close()

			results := spectest.Run(context.Background(), srv.Client(), srv.URL+"/scim/v2", testToken)
			if len(results) != len(spectest.Steps()) {
				t.Fatalf("%d results for %d steps", len(results), len(spectest.Steps()))
			}
			for _, r := range results {
				failed := r.Err != nil
				if failed != tc.wantFail[r.Step.Name] {
					t.Errorf("step %q: failed=%v (err %v), want failed=%v",
						r.Step.Name, failed, r.Err, tc.wantFail[r.Step.Name])
				}
			}
		})
	}
}
