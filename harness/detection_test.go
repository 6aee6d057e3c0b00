package harness

import (
	"io"
	"slices"
	"testing"
	"time"

	"github.com/idpsim/idpsim/simulator/castai"
)

// expectedCatch names, for the defects known when the features were written,
// a scenario that must catch each one: the outcome the defect breaks. A
// defect added later needs no entry to be covered; the suite must still fail.
var expectedCatch = map[string]string{
	castai.DefectCaseSensitiveUserName: "a userName filter finds the user whatever the case",
	castai.DefectIgnoreMemberRemove:    "The membership goes, the user and the other memberships stay",
	castai.DefectNoUniqueness:          "creating the same user again answers 409 uniqueness",
	castai.DefectDropDisplayNameUpdate: "A display name changed in the Okta profile reaches Cast AI",
	castai.DefectDeactivateDeletesUser: "A deactivated user is inactive in Cast AI " +
		"and comes back on the same user",
	castai.DefectSyncClearsRoleBindings:      "A rename in Okta keeps the bindings",
	castai.DefectIgnoreDefaultRole:           "A changed default applies to later joiners only",
	castai.DefectStoreTitle:                  "Title and phone numbers never appear in Cast AI",
	castai.DefectSecretNotRequired:           "Changing the default role needs the client secret",
	castai.DefectKeepAccessAfterGroupRemoval: "The access the group gave goes, other access stays",
}

// TestDetectionPower runs the whole suite against castsim broken in each of
// its defect modes (read from castsim's own list, so new defects are covered
// at once) and requires the suite to fail. A suite that stays green against a
// broken target is a bug in the harness.
func TestDetectionPower(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite once per castsim defect")
	}
	for _, d := range castai.Defects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			cfg := Config{
				Defects: []string{d.Name}, Output: io.Discard, NoColor: true,
				WaitTimeout: 2 * time.Second,
			}
			res, err := Run(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			var caught []string
			for _, s := range res.Scenarios {
				if s.Status == StatusFailed {
					caught = append(caught, s.Name)
				}
			}
			if len(caught) == 0 {
				t.Fatalf("the suite passed against castsim with defect %s (%s)", d.Name, d.Description)
			}
			t.Logf("%s caught by: %q", d.Name, caught)
			if want, ok := expectedCatch[d.Name]; ok && !slices.Contains(caught, want) {
				t.Errorf("defect %s: scenario %q did not fail; failed: %q", d.Name, want, caught)
			}
		})
	}
}
