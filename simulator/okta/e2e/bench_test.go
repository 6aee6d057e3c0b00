package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/castai"
)

// BenchmarkProvisionGeneratedOrg loads a generated org (every group assigned
// and pushed) and provisions it into an in-process castsim. 2000 users took
// about a second on two cores.
func BenchmarkProvisionGeneratedOrg(b *testing.B) {
	for _, users := range []int{200, 2000} {
		b.Run(fmt.Sprintf("users=%d", users), func(b *testing.B) {
			for b.Loop() {
				provisionGenerated(b, users)
			}
		})
	}
}

func provisionGenerated(b *testing.B, users int) {
	b.Helper()
	const token = "bench-scim-token"
	cast, err := castai.New(castai.Config{SCIMToken: token})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(cast.Handler())
	defer srv.Close()
	doc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: 1, Users: users, Groups: users / 20,
		MembershipsPerUser: 1.5, App: &fixtures.AppOptions{
			BaseURL: srv.URL + "/scim/v2",
			Token:   token, AssignAllGroups: true, PushAllGroups: true,
		},
	})
	sim := newSim(b)
	defer sim.Close()
	if err := sim.LoadFixture(doc); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := sim.Wait(ctx, ""); err != nil {
		b.Fatal(err)
	}
	tasks, _ := sim.ListTasks(ctx, "")
	if len(tasks) > 0 {
		b.Fatalf("%d tasks, first: %s", len(tasks), tasks[0].Message)
	}
}
