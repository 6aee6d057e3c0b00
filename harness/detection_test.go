package harness

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/cucumber/godog"

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
	castai.DefectSessionsSurviveDeactivation: "Deactivation in Okta ends a live Cast AI session " +
		"at the next action",
	castai.DefectInactiveCanSignIn: "Cast AI refuses a user it shows as inactive, " +
		"even one Okta signs in",
}

// needsSSO names the defects only sign-in scenarios (@sso, the SSO issue) can
// catch. While no feature holds an @sso scenario they are skipped, and say
// so; once one does, they must be caught like every other defect.
var needsSSO = map[string]bool{
	"sessions-survive-deactivation": true,
	"inactive-can-sign-in":          true,
}

// hasSSOScenarios reports whether any embedded feature is tagged @sso.
func hasSSOScenarios(t *testing.T) bool {
	t.Helper()
	contents, _, err := loadFeatures(nil)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(contents, func(f godog.Feature) bool {
		return bytes.Contains(f.Contents, []byte("@sso"))
	})
}

// TestDetectionPower runs the whole suite against castsim broken in each of
// its defect modes (read from castsim's own list, so new defects are covered
// at once) and requires the suite to fail. A suite that stays green against a
// broken target is a bug in the harness. Each run's console output must
// agree with its Result (checkOutput).
func TestDetectionPower(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite once per castsim defect")
	}
	sso := hasSSOScenarios(t)
	for _, d := range castai.Defects() {
		t.Run(d.Name, func(t *testing.T) {
			if needsSSO[d.Name] && !sso {
				t.Skipf("defect %s needs @sso scenarios, and the features have none yet", d.Name)
			}
			t.Parallel()
			var out bytes.Buffer
			cfg := Config{
				Defects: []string{d.Name}, Output: &out, NoColor: true,
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
			checkOutput(t, &out, res)
		})
	}
}
