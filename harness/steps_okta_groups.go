package harness

import (
	"context"
	"fmt"
)

func (w *world) createGroup(ctx context.Context, name, members string) error {
	if err := w.createEmptyGroup(ctx, name); err != nil {
		return err
	}
	for _, m := range names(members) {
		if err := w.addMember(ctx, m, name); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) createEmptyGroup(ctx context.Context, name string) error {
	if _, ok := w.groups[name]; ok {
		return fmt.Errorf("the Okta group %q exists already in this scenario", name)
	}
	id, err := w.space.idp.createGroup(ctx, w.scoped(name))
	if err != nil {
		return err
	}
	w.groups[name] = &oktaGroup{name: w.scoped(name), oktaID: id}
	return nil
}

func (w *world) assignAndPush(ctx context.Context, name string) error {
	if _, ok := w.groups[name]; !ok {
		if err := w.createEmptyGroup(ctx, name); err != nil {
			return err
		}
	}
	if err := w.assignGroup(ctx, name); err != nil {
		return err
	}
	return w.pushGroup(ctx, name)
}

func (w *world) assignGroup(ctx context.Context, name string) error {
	g, err := w.group(name)
	if err != nil {
		return err
	}
	return w.space.idp.assignGroup(ctx, w.appID, g.oktaID)
}

// pushGroup is Push Groups → Create Group under the group's own name.
func (w *world) pushGroup(ctx context.Context, name string) error {
	g, err := w.group(name)
	if err != nil {
		return err
	}
	m, err := w.space.idp.pushGroup(ctx, w.appID, g.oktaID, g.name)
	if err != nil {
		return err
	}
	g.mappingID = m.ID
	return nil
}

// linkGroup is Push Groups → Link Group to the Cast AI group of that name.
func (w *world) linkGroup(ctx context.Context, name, target string) error {
	g, err := w.group(name)
	if err != nil {
		return err
	}
	found, err := w.space.scim.FindGroup(ctx, w.scoped(target))
	if err != nil {
		return err
	}
	if len(found) != 1 {
		return fmt.Errorf("found %d Cast AI groups named %q, want one to link to", len(found), target)
	}
	m, err := w.space.idp.linkGroup(ctx, w.appID, g.oktaID, found[0].ID)
	if err != nil {
		return err
	}
	g.mappingID = m.ID
	return nil
}

func (w *world) addMember(ctx context.Context, first, group string) error {
	return w.setMember(ctx, first, group, true)
}

func (w *world) removeMember(ctx context.Context, first, group string) error {
	return w.setMember(ctx, first, group, false)
}

func (w *world) setMember(ctx context.Context, first, group string, in bool) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	g, err := w.group(group)
	if err != nil {
		return err
	}
	return w.space.idp.setMember(ctx, g.oktaID, p.oktaID, in)
}

func (w *world) renameGroup(ctx context.Context, from, to string) error {
	g, err := w.group(from)
	if err != nil {
		return err
	}
	if err := w.space.idp.renameGroup(ctx, g.oktaID, w.scoped(to)); err != nil {
		return err
	}
	g.name = w.scoped(to)
	w.groups[to] = g
	return nil
}

func (w *world) pushedGroup(name string) (*oktaGroup, error) {
	g, err := w.group(name)
	if err != nil {
		return nil, err
	}
	if g.mappingID == "" {
		return nil, fmt.Errorf("the Okta group %q is not pushed in this scenario", name)
	}
	return g, nil
}

func (w *world) pushNow(ctx context.Context, name string) error {
	g, err := w.pushedGroup(name)
	if err != nil {
		return err
	}
	return w.space.idp.pushNow(ctx, w.appID, g.mappingID)
}

func (w *world) unlink(ctx context.Context, name, how string) error {
	g, err := w.pushedGroup(name)
	if err != nil {
		return err
	}
	if err := w.space.idp.unlink(ctx, w.appID, g.mappingID, how == "deletes"); err != nil {
		return err
	}
	g.mappingID = ""
	return nil
}
