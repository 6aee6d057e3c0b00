package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"

	"github.com/google/uuid"
)

// registerConsoleSteps binds what the features do and check through the
// Cast AI console API (@console): role bindings, effective access, users as
// the console shows them.
func (w *world) registerConsoleSteps(sc *godog.ScenarioContext) {
	sc.Step(`^in Cast AI the group "([^"]*)" is bound to the "([^"]*)" role on the organization$`,
		w.bindOrg)
	sc.Step(`^in Cast AI the group "([^"]*)" is bound to the "([^"]*)" role on the cluster "([^"]*)"$`,
		w.bindCluster)
	sc.Step(`^"([^"]*)" has the "([^"]*)" role on the organization through the group "([^"]*)"$`,
		w.orgRoleThrough)
	sc.Step(`^"([^"]*)" has the "([^"]*)" role on the cluster "([^"]*)" through the group "([^"]*)"$`,
		w.clusterRoleThrough)
	sc.Step(`^"([^"]*)" has the "([^"]*)" role on the organization as a new joiner$`, w.newJoinerRole)
	sc.Step(`^"([^"]*)" does not have the "([^"]*)" role on the organization$`, w.lacksOrgRole)
	sc.Step(`^"([^"]*)" has no access through the group "([^"]*)"$`, w.noAccessThrough)
	sc.Step(`^"([^"]*)" has no access in Cast AI$`, w.noAccess)
	sc.Step(`^the Cast AI console shows "([^"]*)" as (active|inactive)$`, w.consoleActive)
	sc.Step(`^the Cast AI console shows "([^"]*)" with the name "([^"]*)"$`, w.consoleName)
	sc.Step(`^the Cast AI console shows "([^"]*)" in the group "([^"]*)"$`, w.consoleInGroup)
	sc.Step(`^Cast AI does not show "([^"]*)" in the console$`, w.consoleLacksUser)
	sc.Step(`^the Cast AI group "([^"]*)" still has its (\d+) role bindings$`, w.keepsBindings)
	sc.Step(`^Cast AI has no role bindings for the group "([^"]*)"$`, w.noBindings)
	sc.Step(`^the Cast AI group "([^"]*)" is a regular group$`, w.regularGroup)
}

// clusterID names a cluster the same way in every run.
func clusterID(name string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("idpsim-cluster:"+name)).String()
}

func (w *world) roleID(ctx context.Context, name string) (string, error) {
	if w.roles == nil {
		roles, err := w.space.console.roles(ctx)
		if err != nil {
			return "", err
		}
		w.roles = roles
	}
	id, ok := w.roles[name]
	if !ok {
		return "", fmt.Errorf("no Cast AI role is called %q", name)
	}
	return id, nil
}

// consoleGroup finds a group in the console by its current name.
func (w *world) consoleGroup(ctx context.Context, name string) (consoleGroup, error) {
	all, err := w.space.console.groups(ctx)
	if err != nil {
		return consoleGroup{}, err
	}
	for _, g := range all {
		if strings.EqualFold(g.Name, w.scoped(name)) {
			if _, seen := w.castGroupIDs[name]; !seen {
				w.castGroupIDs[name] = g.ID
			}
			return g, nil
		}
	}
	return consoleGroup{}, fmt.Errorf("the Cast AI console shows no group %q", w.scoped(name))
}

// consoleUser finds a person in the console's users list by login or email.
func (w *world) consoleUser(ctx context.Context, first string) (consoleUser, error) {
	p, err := w.person(first)
	if err != nil {
		return consoleUser{}, err
	}
	all, err := w.space.console.users(ctx)
	if err != nil {
		return consoleUser{}, err
	}
	for _, u := range all {
		if strings.EqualFold(u.User.Username, p.login) || strings.EqualFold(u.User.Email, p.email) {
			if _, seen := w.castUserIDs[first]; !seen {
				w.castUserIDs[first] = u.User.ID
			}
			return u, nil
		}
	}
	return consoleUser{}, fmt.Errorf("the Cast AI console shows no user %s", p.login)
}

func (w *world) bindOrg(ctx context.Context, group, role string) error {
	return w.bind(ctx, group, role, scope{Organization: &idRef{ID: w.space.console.orgID}})
}

func (w *world) bindCluster(ctx context.Context, group, role, cluster string) error {
	return w.bind(ctx, group, role, scope{Cluster: &idRef{ID: clusterID(cluster)}})
}

// bind waits for the pushed group to reach Cast AI, then gives it a role.
func (w *world) bind(ctx context.Context, group, role string, sc scope) error {
	roleID, err := w.roleID(ctx, role)
	if err != nil {
		return err
	}
	var g consoleGroup
	err = w.eventually(ctx, func(ctx context.Context) error {
		g, err = w.consoleGroup(ctx, group)
		return err
	})
	if err != nil {
		return err
	}
	var b roleBinding
	b.Name = w.scoped(fmt.Sprintf("%s %s %d", group, role, len(w.bindings[g.ID])+1))
	b.Definition.RoleID = roleID
	b.Definition.Scopes = []scope{sc}
	b.Definition.Subjects = []subject{{Group: &idRef{ID: g.ID}}}
	id, err := w.space.console.createBinding(ctx, b)
	if err != nil {
		return err
	}
	w.bindings[g.ID] = append(w.bindings[g.ID], id)
	return nil
}

// accessOf reads a person's effective access.
func (w *world) accessOf(ctx context.Context, first string) ([]grant, error) {
	u, err := w.consoleUser(ctx, first)
	if err != nil {
		return nil, err
	}
	return w.space.console.access(ctx, u.User.ID)
}

func describe(gs []grant) string {
	if len(gs) == 0 {
		return "no access"
	}
	var parts []string
	for _, g := range gs {
		where := "organization"
		if g.Scope.Cluster != nil {
			where = "cluster " + g.Scope.Cluster.ID
		}
		parts = append(parts, strings.TrimSpace(fmt.Sprintf("%s on %s via %s %s", g.RoleName, where,
			g.Source.Kind, g.Source.GroupName)))
	}
	return strings.Join(parts, "; ")
}

// holds reports whether gs has role on the scope from the source.
func (w *world) holds(gs []grant, role string, cluster string, source func(grant) bool) bool {
	for _, g := range gs {
		if g.RoleName != role && g.RoleID != w.roles[role] {
			continue
		}
		if cluster == "" && g.Scope.Organization == nil {
			continue
		}
		if cluster != "" && (g.Scope.Cluster == nil || g.Scope.Cluster.ID != clusterID(cluster)) {
			continue
		}
		if source(g) {
			return true
		}
	}
	return false
}

func (w *world) viaGroup(name string) func(grant) bool {
	return func(g grant) bool {
		if g.Source.Kind != "group" {
			return false
		}
		id, known := w.castGroupIDs[name]
		return (known && g.Source.GroupID == id) || strings.EqualFold(g.Source.GroupName, w.scoped(name))
	}
}

func (w *world) roleThrough(ctx context.Context, first, role, cluster, group string) error {
	if _, err := w.roleID(ctx, role); err != nil {
		return err
	}
	where := "the organization"
	if cluster != "" {
		where = "the cluster " + cluster
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		gs, err := w.accessOf(ctx, first)
		if err != nil {
			return err
		}
		if !w.holds(gs, role, cluster, w.viaGroup(group)) {
			return fmt.Errorf("%s lacks %s on %s through %q; has %s", first, role, where, group, describe(gs))
		}
		return nil
	})
}

func (w *world) orgRoleThrough(ctx context.Context, first, role, group string) error {
	return w.roleThrough(ctx, first, role, "", group)
}

func (w *world) clusterRoleThrough(ctx context.Context, first, role, cluster, group string) error {
	return w.roleThrough(ctx, first, role, cluster, group)
}

func (w *world) newJoinerRole(ctx context.Context, first, role string) error {
	if _, err := w.roleID(ctx, role); err != nil {
		return err
	}
	newJoiner := func(g grant) bool { return g.Source.Kind == "new-joiner" }
	return w.eventually(ctx, func(ctx context.Context) error {
		gs, err := w.accessOf(ctx, first)
		if err != nil {
			return err
		}
		if !w.holds(gs, role, "", newJoiner) {
			return fmt.Errorf("%s lacks %s on the organization as a new joiner; has %s", first, role, describe(gs))
		}
		return nil
	})
}

func (w *world) lacksOrgRole(ctx context.Context, first, role string) error {
	if _, err := w.roleID(ctx, role); err != nil {
		return err
	}
	return w.afterSettling(ctx, func(ctx context.Context) error {
		gs, err := w.accessOf(ctx, first)
		if err != nil {
			return err
		}
		if w.holds(gs, role, "", func(grant) bool { return true }) {
			return fmt.Errorf("%s has %s on the organization: %s", first, role, describe(gs))
		}
		return nil
	})
}

func (w *world) noAccessThrough(ctx context.Context, first, group string) error {
	from := w.viaGroup(group)
	return w.eventually(ctx, func(ctx context.Context) error {
		gs, err := w.accessOf(ctx, first)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if from(g) {
				return fmt.Errorf("%s still has access through %q: %s", first, group, describe(gs))
			}
		}
		return nil
	})
}

func (w *world) noAccess(ctx context.Context, first string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		gs, err := w.accessOf(ctx, first)
		if err == nil && len(gs) > 0 {
			err = fmt.Errorf("%s still has access: %s", first, describe(gs))
		}
		return err
	})
}
