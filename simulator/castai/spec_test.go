package castai

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/idpsim/idpsim/harness/scimspec"
)

// TestOktaSpec runs the project's one SCIM check list (Okta's published SCIM
// 2.0 spec test plus the calls Okta's pushes rely on, kept in
// harness/scimspec and named by the @scim feature) against castsim over
// loopback HTTP.
func TestOktaSpec(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.srv.Handler())
	defer srv.Close()
	scimspec.RunAll(t, srv.URL+"/scim/v2", testToken)
}

// TestOktaSpecCatchesDefects shows the list can fail: each defect below
// makes the named checks fail and leaves the others passing.
func TestOktaSpecCatchesDefects(t *testing.T) {
	tests := []struct {
		defect   string
		wantFail []string
	}{
		{DefectCaseSensitiveUserName, []string{"a userName filter finds the user whatever the case"}},
		{DefectNoUniqueness, []string{"creating the same user again answers 409 uniqueness"}},
		{DefectIgnoreMemberRemove, []string{"a member is removed by a filtered PATCH remove"}},
	}
	for _, tc := range tests {
		t.Run(tc.defect, func(t *testing.T) {
			e := newEnv(t, tc.defect)
			srv := httptest.NewServer(e.srv.Handler())
			defer srv.Close()
			client := &scimspec.Client{
				BaseURL: srv.URL + "/scim/v2", Token: testToken,
				HTTP: srv.Client(),
			}
			var failed []string
			for _, c := range scimspec.Checks() {
				s := scimspec.NewSession(client, "")
				if err := c.Run(context.Background(), s); err != nil {
					failed = append(failed, c.Name)
				}
				_ = s.Cleanup(context.Background())
			}
			if !sameSet(failed, tc.wantFail) {
				t.Errorf("failed checks = %v, want %v", failed, tc.wantFail)
			}
		})
	}
}
