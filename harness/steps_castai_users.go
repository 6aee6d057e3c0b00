package harness

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

func (w *world) consoleActive(ctx context.Context, first, state string) error {
	want := state == "active"
	return w.eventually(ctx, func(ctx context.Context) error {
		u, err := w.consoleUser(ctx, first)
		if err != nil {
			return err
		}
		if u.User.ScimActive == nil || *u.User.ScimActive != want {
			return fmt.Errorf("the console shows %s with scimActive %v, want %v", first,
				fmtBool(u.User.ScimActive), want)
		}
		return nil
	})
}

func fmtBool(b *bool) string {
	if b == nil {
		return "unset"
	}
	return fmt.Sprint(*b)
}

func (w *world) consoleName(ctx context.Context, first, want string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		u, err := w.consoleUser(ctx, first)
		if err == nil && u.User.Name != want {
			err = fmt.Errorf("the console shows %s with the name %q, want %q", first, u.User.Name, want)
		}
		return err
	})
}

func (w *world) consoleInGroup(ctx context.Context, first, group string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		u, err := w.consoleUser(ctx, first)
		if err != nil {
			return err
		}
		for _, g := range u.Groups {
			if strings.EqualFold(g.Name, w.scoped(group)) {
				return nil
			}
		}
		return fmt.Errorf("the console shows %s in the groups %+v, want %q among them", first, u.Groups, group)
	})
}

func (w *world) consoleLacksUser(ctx context.Context, first string) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		if u, err := w.consoleUser(ctx, first); err == nil {
			return fmt.Errorf("the console shows %s as user %s", first, u.User.ID)
		}
		return nil
	})
}

// groupBindings lists the binding ids whose subjects name the group id.
func (w *world) groupBindings(ctx context.Context, groupID string) ([]string, error) {
	all, err := w.space.console.bindings(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, b := range all {
		for _, s := range b.Definition.Subjects {
			if s.Group != nil && s.Group.ID == groupID {
				ids = append(ids, b.ID)
			}
		}
	}
	slices.Sort(ids)
	return ids, nil
}

func (w *world) keepsBindings(ctx context.Context, group string, n int) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		g, err := w.consoleGroup(ctx, group)
		if err != nil {
			return err
		}
		want := slices.Clone(w.bindings[g.ID])
		slices.Sort(want)
		if len(want) != n {
			return fmt.Errorf("the scenario made %d bindings on %q, the step expects %d", len(want), group, n)
		}
		got, err := w.groupBindings(ctx, g.ID)
		if err != nil {
			return err
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("the Cast AI group %q has the role bindings %v, want %v", group, got, want)
		}
		return nil
	})
}

func (w *world) noBindings(ctx context.Context, group string) error {
	id, known := w.castGroupIDs[group]
	if !known {
		return fmt.Errorf("no earlier step saw the Cast AI group %q", group)
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		got, err := w.groupBindings(ctx, id)
		if err == nil && len(got) > 0 {
			err = fmt.Errorf("the role bindings %v of the group %q are still there", got, group)
		}
		return err
	})
}

func (w *world) regularGroup(ctx context.Context, group string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		g, err := w.consoleGroup(ctx, group)
		if err != nil {
			return err
		}
		if g.ManagedBy != "" || (g.SSOProvider != "" && g.SSOProvider != "SSO_PROVIDER_UNSPECIFIED") {
			return fmt.Errorf("the Cast AI group %q is still synced: managedBy %q, ssoProvider %q",
				group, g.ManagedBy, g.SSOProvider)
		}
		return nil
	})
}
