package okta

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// lifecycleWorld: ann and bob in Team, Team assigned to the app and pushed;
// cy assigned directly. Everything provisioned.
type lifecycleWorld struct {
	ann, bob, cy, team, app, mapping string
}

func setupLifecycle(e *env) lifecycleWorld {
	e.t.Helper()
	w := lifecycleWorld{
		ann: e.createUser("ann@example.com", "Ann", "Lee"),
		bob: e.createUser("bob@example.com", "Bob", "Ray"),
		cy:  e.createUser("cy@example.com", "Cy", "Fox"), team: e.createGroup("Team"),
	}
	e.addMember(w.team, w.ann)
	e.addMember(w.team, w.bob)
	w.app = e.createApp(ProfileOIN)
	e.must(http.StatusOK, "PUT", "/api/v1/apps/"+w.app+"/groups/"+w.team, map[string]any{}, nil)
	e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/users",
		map[string]any{"id": w.cy, "scope": "USER"}, nil)
	w.mapping = e.pushGroup(w.app, w.team, "Team")
	e.wait()
	return w
}

const (
	deactivateOp = `[{"op":"replace","value":{"active":false}}]`
	activateOp   = `[{"op":"replace","value":{"active":true}}]`
)

func TestLifecycleRules(t *testing.T) {
	tests := []struct {
		name string
		act  func(e *env, w lifecycleWorld)
		want []string // requests after setup
		// anyOrder is set where the steps are independent (different users
		// or groups) and may run in parallel.
		anyOrder bool
	}{
		{
			name: "deactivating a group-assigned user deactivates it; reactivating reuses the id",
			act: func(e *env, w lifecycleWorld) {
				e.lifecycle(w.ann, "deactivate")
				e.lifecycle(w.ann, "activate")
			},
			want: []string{
				"PATCH /Users/u-ann " + deactivateOp, "PATCH /Users/u-ann " + activateOp,
				"GET /Users/u-ann", "PUT /Users/u-ann",
			},
		},
		{
			name: "a directly assigned user must be assigned again after reactivation",
			act: func(e *env, w lifecycleWorld) {
				e.lifecycle(w.cy, "deactivate")
				e.lifecycle(w.cy, "activate")
				e.wait()
				e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/users",
					map[string]any{"id": w.cy, "scope": "USER"}, nil)
			},
			want: []string{
				"PATCH /Users/u-cy " + deactivateOp, "PATCH /Users/u-cy " + activateOp,
				"GET /Users/u-cy", "PUT /Users/u-cy",
			},
		},
		{
			name: "suspending sends nothing",
			act: func(e *env, w lifecycleWorld) {
				e.lifecycle(w.bob, "suspend")
				e.lifecycle(w.bob, "unsuspend")
			},
		},
		{
			name: "a user assigned while suspended is provisioned when unsuspended",
			act: func(e *env, w lifecycleWorld) {
				dee := e.createUser("dee@example.com", "Dee", "Moe")
				e.lifecycle(dee, "suspend")
				e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/users",
					map[string]any{"id": dee, "scope": "USER"}, nil)
				e.wait()
				e.lifecycle(dee, "unsuspend")
			},
			want: []string{
				`GET /Users?filter=userName%20eq%20%22dee%40example.com%22&startIndex=1&count=100`,
				"POST /Users",
			},
		},
		{
			name: "leaving the assigned group removes the member, then deactivates",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+w.team+"/users/"+w.bob,
					nil, nil)
			},
			want: []string{
				`PATCH /Groups/g-team [{"op":"replace","value":{"displayName":"Team","id":"g-team"}}]`,
				`PATCH /Groups/g-team [{"op":"remove","path":"members[value eq \"u-bob\"]"}]`,
				"PATCH /Users/u-bob " + deactivateOp,
			},
		},
		{
			name: "memberships of an inactive user are not pushed",
			act: func(e *env, w lifecycleWorld) {
				e.lifecycle(w.bob, "deactivate")
				e.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+w.team+"/users/"+w.bob,
					nil, nil)
			},
			want: []string{"PATCH /Users/u-bob " + deactivateOp},
		},
		{
			name: "unassigning a direct user deactivates it",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusNoContent, "DELETE", "/api/v1/apps/"+w.app+"/users/"+w.cy, nil, nil)
			},
			want: []string{"PATCH /Users/u-cy " + deactivateOp},
		},
		{
			name: "a deactivated app sends nothing",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/lifecycle/deactivate", nil, nil)
				e.lifecycle(w.ann, "deactivate")
				e.addMember(w.team, w.cy)
				e.must(http.StatusNoContent, "DELETE", "/api/v1/apps/"+w.app, nil, nil)
			},
		},
		{
			name: "a profile change is a GET then a PUT",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusOK, "POST", "/api/v1/users/"+w.ann,
					map[string]any{"profile": map[string]any{"title": "CTO"}}, nil)
			},
			want: []string{"GET /Users/u-ann", "PUT /Users/u-ann"},
		},
		{
			name: "an unchanged profile sends nothing",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusOK, "POST", "/api/v1/users/"+w.ann,
					map[string]any{"profile": map[string]any{"firstName": "Ann"}}, nil)
			},
		},
		{
			name: "renaming a pushed group renames the target group",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusOK, "PUT", "/api/v1/groups/"+w.team,
					map[string]any{"profile": map[string]any{"name": "Crew"}}, nil)
			},
			want: []string{
				`PATCH /Groups/g-team [{"op":"replace","value":{"displayName":"Crew","id":"g-team"}}]`,
			},
		},
		{
			name: "an inactive mapping pauses pushes; activating replaces all members",
			act: func(e *env, w lifecycleWorld) {
				e.mappingStatus(w, "INACTIVE")
				e.addMember(w.team, w.cy)
				e.wait()
				e.mappingStatus(w, "ACTIVE")
			},
			want: []string{
				`PATCH /Groups/g-team [{"op":"replace","value":{"displayName":"Team","id":"g-team"}}]`,
				`PATCH /Groups/g-team [{"op":"replace","path":"members","value":[` +
					`{"display":"ann@example.com","value":"u-ann"},` +
					`{"display":"bob@example.com","value":"u-bob"},` +
					`{"display":"cy@example.com","value":"u-cy"}]}]`,
			},
		},
		{
			name: "editing the app-user profile pushes the whole profile",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/users/"+w.cy,
					map[string]any{"profile": map[string]any{"title": "Contractor"}}, nil)
			},
			want: []string{"GET /Users/u-cy", "PUT /Users/u-cy"},
		},
		{
			name: "deleting a pushed group deletes it in the target and deactivates its members",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+w.team, nil, nil)
			},
			want: []string{
				"DELETE /Groups/g-team", "PATCH /Users/u-ann " + deactivateOp,
				"PATCH /Users/u-bob " + deactivateOp,
			},
			anyOrder: true,
		},
		{
			name: "Push Now leaves the membership of an inactive user as it was",
			act: func(e *env, w lifecycleWorld) {
				e.lifecycle(w.bob, "deactivate")
				e.wait()
				e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/group-push/mappings/"+
					w.mapping+"/push", nil, nil)
			},
			want: []string{
				"PATCH /Users/u-bob " + deactivateOp,
				`PATCH /Groups/g-team [{"op":"replace","value":{"displayName":"Team","id":"g-team"}}]`,
				`PATCH /Groups/g-team [{"op":"replace","path":"members","value":[` +
					`{"display":"ann@example.com","value":"u-ann"},` +
					`{"display":"bob@example.com","value":"u-bob"}]}]`,
			},
		},
		{
			name: "unlink with delete deletes the target group",
			act: func(e *env, w lifecycleWorld) {
				e.mappingStatus(w, "INACTIVE")
				e.must(http.StatusNoContent, "DELETE", "/api/v1/apps/"+w.app+
					"/group-push/mappings/"+w.mapping+"?deleteTargetGroup=true", nil, nil)
			},
			want: []string{"DELETE /Groups/g-team"},
		},
		{
			name: "unlink leaving the group sends nothing",
			act: func(e *env, w lifecycleWorld) {
				e.mappingStatus(w, "INACTIVE")
				e.must(http.StatusNoContent, "DELETE", "/api/v1/apps/"+w.app+
					"/group-push/mappings/"+w.mapping+"?deleteTargetGroup=false", nil, nil)
				e.addMember(w.team, w.cy)
			},
		},
		{
			name: "with Create Users off a new assignee is only looked up",
			act: func(e *env, w lifecycleWorld) {
				e.must(http.StatusOK, "PUT", "/api/v1/apps/"+w.app+"/features/USER_PROVISIONING",
					map[string]any{"capabilities": map[string]any{
						"create": map[string]any{"lifecycleCreate": map[string]any{"status": "DISABLED"}},
					}}, nil)
				dee := e.createUser("dee@example.com", "Dee", "Moe")
				e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/users",
					map[string]any{"id": dee, "scope": "USER"}, nil)
			},
			want: []string{
				`GET /Users?filter=userName%20eq%20%22dee%40example.com%22&startIndex=1&count=100`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			w := setupLifecycle(e)
			mark := e.tg.mark()
			tt.act(e, w)
			e.wait()
			got, want := e.tg.since(mark), slices.Clone(tt.want)
			if tt.anyOrder {
				slices.Sort(got)
				slices.Sort(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("requests:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "),
					strings.Join(want, "\n  "))
			}
		})
	}
}

func (e *env) lifecycle(id, op string) {
	e.t.Helper()
	e.must(http.StatusOK, "POST", "/api/v1/users/"+id+"/lifecycle/"+op, nil, nil)
}

func (e *env) mappingStatus(w lifecycleWorld, status string) {
	e.t.Helper()
	e.must(http.StatusOK, "PATCH", "/api/v1/apps/"+w.app+"/group-push/mappings/"+w.mapping,
		map[string]any{"status": status}, nil)
}

func TestDeactivationRemovesAssignments(t *testing.T) {
	e := newEnv(t)
	w := setupLifecycle(e)
	e.lifecycle(w.cy, "deactivate")
	e.lifecycle(w.ann, "deactivate")
	e.wait()
	var aus []idJSON
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+w.app+"/users", nil, &aus)
	if len(aus) != 1 || aus[0].ID != w.bob {
		t.Errorf("app users after deactivations = %+v, want only bob", aus)
	}
	if got := e.tg.memberIDs("Team"); !slices.Equal(got, []string{"u-ann", "u-bob"}) {
		t.Errorf("target members = %v: a deactivated user keeps its memberships", got)
	}
	if u := e.tg.userByName("ann@example.com"); u["active"] != false {
		t.Errorf("ann on target: active = %v", u["active"])
	}
}
