package harness

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/idpsim/idpsim/scim"
)

// scimGroup finds a group over SCIM by its current name.
func (w *world) scimGroup(ctx context.Context, name string) (scim.Group, error) {
	full := w.scoped(name)
	found, err := w.space.scim.FindGroup(ctx, full)
	if err != nil {
		return scim.Group{}, err
	}
	if len(found) != 1 {
		return scim.Group{}, fmt.Errorf("found %d Cast AI groups named %q, want 1", len(found), full)
	}
	g, ok, err := w.space.scim.GetGroup(ctx, found[0].ID)
	if err != nil {
		return scim.Group{}, err
	}
	if !ok {
		return scim.Group{}, fmt.Errorf("the group %q (id %s) vanished", full, found[0].ID)
	}
	if _, seen := w.castGroupIDs[name]; !seen {
		w.castGroupIDs[name] = g.ID
	}
	return g, nil
}

// memberNames turns a group's member ids into first names where it can.
func (w *world) memberNames(ctx context.Context, g scim.Group) ([]string, error) {
	byID := map[string]string{}
	for first := range w.people {
		if u, err := w.scimUser(ctx, first); err == nil {
			byID[u.ID] = first
		}
	}
	var out []string
	for _, m := range g.Members {
		if first, ok := byID[m.Value]; ok {
			out = append(out, first)
		} else {
			out = append(out, "unknown user "+m.Value)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (w *world) groupHasMembers(ctx context.Context, name, list string) error {
	want := names(list)
	slices.Sort(want)
	return w.eventually(ctx, func(ctx context.Context) error {
		g, err := w.scimGroup(ctx, name)
		if err != nil {
			return err
		}
		got, err := w.memberNames(ctx, g)
		if err != nil {
			return err
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("the Cast AI group %q has the members %q, want %q", name, got, want)
		}
		return nil
	})
}

func (w *world) groupIsEmpty(ctx context.Context, name string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		g, err := w.scimGroup(ctx, name)
		if err != nil {
			return err
		}
		if len(g.Members) != 0 {
			got, _ := w.memberNames(ctx, g)
			return fmt.Errorf("the Cast AI group %q has the members %q, want none", name, got)
		}
		return nil
	})
}

func (w *world) lacksGroup(ctx context.Context, name string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		found, err := w.space.scim.FindGroup(ctx, w.scoped(name))
		if err != nil {
			return err
		}
		if len(found) != 0 {
			return fmt.Errorf("the Cast AI group %q (id %s) is still there", name, found[0].ID)
		}
		if id, ok := w.castGroupIDs[name]; ok {
			_, exists, err := w.space.scim.GetGroup(ctx, id)
			if err != nil {
				return err
			}
			if exists {
				return fmt.Errorf("GET /Groups/%s still finds the group", id)
			}
		}
		return nil
	})
}

func (w *world) membership(ctx context.Context, first, group string) (bool, error) {
	u, err := w.scimUser(ctx, first)
	if err != nil {
		return false, err
	}
	g, err := w.scimGroup(ctx, group)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(g.Members, func(m scim.Member) bool { return m.Value == u.ID }), nil
}

func (w *world) isMember(ctx context.Context, first, group string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		in, err := w.membership(ctx, first, group)
		if err == nil && !in {
			err = fmt.Errorf("%s is not a member of the Cast AI group %q", first, group)
		}
		return err
	})
}

func (w *world) isNotMember(ctx context.Context, first, group string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		in, err := w.membership(ctx, first, group)
		if err == nil && in {
			err = fmt.Errorf("%s is still a member of the Cast AI group %q", first, group)
		}
		return err
	})
}

// preexistingGroup creates a group over SCIM, as if someone made it before
// Okta was connected.
func (w *world) preexistingGroup(ctx context.Context, name string) error {
	body := scim.Group{Schemas: []string{scim.SchemaGroup}, DisplayName: w.scoped(name)}
	resp, err := w.space.scim.Do(ctx, http.MethodPost, "/Groups", body)
	if err != nil {
		return err
	}
	if err := resp.Expect("create the group "+name, http.StatusCreated); err != nil {
		return err
	}
	var g scim.Group
	if err := resp.Decode(&g); err != nil {
		return err
	}
	w.castGroupIDs[name] = g.ID
	w.linkedName = name
	return nil
}

func (w *world) exactlyOneGroup(ctx context.Context, name string) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		_, err := w.scimGroup(ctx, name)
		return err
	})
}

func (w *world) sameGroup(ctx context.Context) error {
	if w.linkedName == "" {
		return explain(fmt.Errorf("no earlier step made a Cast AI group to compare with"))
	}
	g, err := w.scimGroup(ctx, w.linkedName)
	if err != nil {
		return err
	}
	if before := w.castGroupIDs[w.linkedName]; g.ID != before {
		return explain(fmt.Errorf("the Cast AI group %q is now %s, was %s", w.linkedName, g.ID, before))
	}
	return nil
}
