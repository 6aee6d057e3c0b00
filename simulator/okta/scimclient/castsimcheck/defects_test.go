package castsimcheck

import (
	"errors"
	"slices"
	"testing"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// TestChecksCatchDefects runs the observations the lifecycle test relies on
// against a castsim with a defect switched on, and expects them to see it:
// proof that those checks can fail.
func TestChecksCatchDefects(t *testing.T) {
	tests := []struct {
		defect  string
		profile string
		caught  func(w *world) bool
	}{
		{castai.DefectIgnoreMemberRemove, scimclient.ProfileOIN, func(w *world) bool {
			jane, john := w.provisionUsers()
			g, err := w.c.CreateGroup(w.ctx, w.tag, "Platform")
			w.must(err)
			both := []scim.Member{{Value: jane}, {Value: john}}
			w.must(w.c.UpdateMembers(w.ctx, w.tag, g.ID, "Platform", both, nil))
			w.must(w.c.UpdateMembers(w.ctx, w.tag, g.ID, "Platform", nil, []string{jane}))
			return slices.Contains(w.members(g.ID), jane)
		}},
		{castai.DefectNoUniqueness, scimclient.ProfileAIW, func(w *world) bool {
			body := createBody("dup@example.com", "D", "Up", "00u9")
			_, err := w.c.CreateUser(w.ctx, w.tag, body)
			w.must(err)
			_, err = w.c.CreateUser(w.ctx, w.tag, body)
			return !errors.Is(err, scimclient.ErrConflict)
		}},
		{castai.DefectDeactivateDeletesUser, scimclient.ProfileOIN, func(w *world) bool {
			u, err := w.c.CreateUser(w.ctx, w.tag, createBody("x@example.com", "X", "Y", "00u8"))
			w.must(err)
			_ = w.c.SetUserActive(w.ctx, w.tag, u.ID, false)
			_, err = w.c.GetUser(w.ctx, w.tag, u.ID)
			return errors.Is(err, scimclient.ErrNotFound)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.defect, func(t *testing.T) {
			w := newWorld(t, tt.profile, tt.defect)
			if !tt.caught(w) {
				t.Errorf("defect %s went unnoticed", tt.defect)
			}
		})
	}
}
