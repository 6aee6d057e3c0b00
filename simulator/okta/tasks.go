package okta

import (
	"context"
	"errors"
	"fmt"
)

// ListTasks returns the tasks of appID ("" for every app), oldest first.
func (s *Sim) ListTasks(ctx context.Context, appID string) ([]Task, error) {
	all, err := s.store.ListTasks(ctx)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	out := all[:0]
	for _, t := range all {
		if appID == "" || t.AppID == appID {
			out = append(out, t)
		}
	}
	return out, nil
}

// RetryTask queues the failed step of an open task again. The task is
// resolved when the step succeeds and keeps its new message when it fails.
func (s *Sim) RetryTask(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.store.GetTask(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return errNotFoundResource(id, "Task")
	}
	if err != nil {
		return err
	}
	if t.Status != TaskOpen {
		return errBadStatus("retry: task is " + t.Status)
	}
	return s.retry(ctx, t)
}

func (s *Sim) retry(ctx context.Context, t Task) error {
	kind := jobKind(t.Kind)
	if kind.forUser() {
		// The task keeps the target id for a deactivation whose Okta user
		// has been deleted since; the step prefers the app user's own.
		s.engine.enqueue(&job{
			kind: kind, appID: t.AppID, userID: t.UserID, taskID: t.ID,
			targetID: t.TargetID, keys: []string{userKey(t.UserID)},
		}, 0)
		return nil
	}
	m, err := s.store.GetPushMapping(ctx, t.MappingID)
	if err == nil {
		s.queueMapping(ctx, kind, m, t.ID)
		return nil
	}
	if kind == jobDeleteGroup || errors.Is(err, ErrNotFound) {
		s.engine.enqueue(&job{
			kind: jobDeleteGroup, appID: t.AppID, groupID: t.GroupID,
			targetID: t.TargetID, taskID: t.ID, keys: []string{groupKey(t.GroupID)},
		}, 0)
		return nil
	}
	return err
}

// RetryAllTasks retries every open task of appID ("" for every app), the
// console's "Retry All".
func (s *Sim) RetryAllTasks(ctx context.Context, appID string) (int, error) {
	tasks, err := s.ListTasks(ctx, appID)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range tasks {
		if t.Status != TaskOpen {
			continue
		}
		if err := s.retry(ctx, t); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
