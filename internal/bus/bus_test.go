package bus_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/bus"
)

func TestLocal(t *testing.T) {
	var b bus.Local
	ctx := context.Background()
	fast, stopFast := b.Subscribe()
	slow, stopSlow := b.Subscribe()
	t0 := time.Unix(1000, 0)
	for i := range 5 {
		if err := b.Publish(ctx, t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
		if got := <-fast; !got.Equal(t0.Add(time.Duration(i) * time.Second)) {
			t.Fatalf("fast subscriber got %v at step %d", got, i)
		}
	}
	// The slow one never read: it holds one announcement, the latest.
	if got := <-slow; !got.Equal(t0.Add(4 * time.Second)) {
		t.Fatalf("slow subscriber got %v, want the latest announcement", got)
	}
	select {
	case got := <-slow:
		t.Fatalf("slow subscriber got a second announcement %v", got)
	default:
	}
	stopSlow()
	stopSlow() // idempotent
	if _, ok := <-slow; ok {
		t.Fatal("channel open after unsubscribe")
	}
	if err := b.Publish(ctx, t0); err != nil { // no panic on a closed subscriber
		t.Fatal(err)
	}
	<-fast
	stopFast()
}

func TestLocalConcurrent(t *testing.T) {
	var b bus.Local
	var wg sync.WaitGroup
	for range 8 {
		ch, stop := b.Subscribe()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer stop()
			for got := range ch {
				if got.Equal(time.Unix(999, 0)) {
					return
				}
			}
		}()
	}
	for i := range 1000 {
		b.Publish(context.Background(), time.Unix(int64(i), 0))
	}
	wg.Wait()
}
