// Package bus tells the parts of Fusion that follow new intelligence (the
// live stream, federation, matchers) that new object versions were
// committed. It carries no objects and no labels: a subscriber reads what
// is new from the store, through the visibility policy, so the bus can
// never leak what a viewer may not see.
//
// Local is the in-process implementation; a NATS JetStream one joins it
// for scale-out (several API nodes over one PostgreSQL).
package bus

import (
	"context"
	"sync"
	"time"
)

// Bus announces commits.
type Bus interface {
	// Publish announces that versions up to date added last are
	// committed. It must not block on slow subscribers.
	Publish(ctx context.Context, last time.Time) error
	// Subscribe returns a channel that receives the greatest date added
	// announced since the subscriber last received (announcements
	// coalesce: a slow subscriber gets the latest, not every one), and a
	// function that ends the subscription and closes the channel.
	Subscribe() (<-chan time.Time, func())
}

// Local is a Bus within one process. The zero value is ready to use.
type Local struct {
	mu   sync.Mutex
	subs map[chan time.Time]struct{}
}

var _ Bus = (*Local)(nil)

// Publish wakes every subscriber.
func (b *Local) Publish(_ context.Context, last time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- last:
		default:
			// Full: replace the pending announcement with this later one.
			select {
			case prev := <-ch:
				if prev.After(last) {
					last = prev
				}
			default:
			}
			ch <- last
		}
	}
	return nil
}

// Subscribe registers a subscriber.
func (b *Local) Subscribe() (<-chan time.Time, func()) {
	ch := make(chan time.Time, 1)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[chan time.Time]struct{}{}
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, ch)
			b.mu.Unlock()
			close(ch)
		})
	}
}
