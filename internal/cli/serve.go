package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/demo"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/pull"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
	"github.com/fusion-cti/fusion/internal/taxii"
)

// serveFlags are serve's options.
type serveFlags struct {
	listen     string
	demo       bool
	centre     string
	tlsCert    string
	tlsKey     string
	selfSigned bool
	plain      bool
	warnings   string
}

func (e *env) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the Fusion server",
		Long: `Serve runs the HTTP server: /healthz, /readyz, Prometheus /metrics and the
JSON API under /api/v1 (see /api/v1/openapi.json) and TAXII 2.1 under /taxii2/
(one API root, /taxii2/fusion/). It prints the
URL it listens on as its first line of output. --demo loads the built-in,
synthetic demo data set first (again on every start; it is stored once), as
TLP:GREEN for every organisation.

Every API needs a key (Authorization: Bearer KEY, or HTTP Basic with the key
as password). On a data directory without a centre organisation, serve
creates it with an admin key and prints the key once, after the URL.

TLS: --tls-cert and --tls-key serve HTTPS with a given certificate;
--tls-self-signed generates one. Plain HTTP is only for loopback addresses
unless --insecure-http.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.serve(f)
		},
	}
	cmd.Flags().StringVar(&f.listen, "listen", "127.0.0.1:8470", "address to listen on (host:port; port 0 picks a free one)")
	cmd.Flags().BoolVar(&f.demo, "demo", false, "load the built-in synthetic demo data set")
	cmd.Flags().StringVar(&f.centre, "centre", "centre", "name of the centre organisation, when serve creates it")
	cmd.Flags().StringVar(&f.tlsCert, "tls-cert", "", "PEM certificate (chain) to serve HTTPS with")
	cmd.Flags().StringVar(&f.tlsKey, "tls-key", "", "PEM private key of --tls-cert")
	cmd.Flags().BoolVar(&f.selfSigned, "tls-self-signed", false, "serve HTTPS with a generated self-signed certificate")
	cmd.Flags().BoolVar(&f.plain, "insecure-http", false, "allow plain HTTP on an address that is not loopback")
	cmd.Flags().StringVar(&f.warnings, "warninglists", "", "directory of MISP warning lists to flag ingested values with, besides the built-in ones")
	return cmd
}

// bootstrap creates the centre organisation and its first admin key when
// the store has no centre; it returns the key's token, or "" when there was
// a centre already.
func bootstrap(ctx context.Context, db *sqlstore.DB, name string) (string, error) {
	orgs, err := db.Orgs(ctx)
	if err != nil {
		return "", err
	}
	for _, o := range orgs {
		if o.Kind == access.Centre {
			return "", nil
		}
	}
	o, err := db.AddOrg(ctx, access.Local, access.Org{Name: name, Kind: access.Centre, TLP: access.Amber})
	if err != nil {
		return "", fmt.Errorf("create the centre organisation: %w", err)
	}
	_, token, err := createKey(ctx, db, access.Local, o, access.Admin, "created by the first serve", 0)
	return token, err
}

func (e *env) serve(f serveFlags) error {
	listen, loadDemo := f.listen, f.demo
	tlsConf, err := serverTLS(f)
	if err != nil {
		return err
	}
	ctx := e.ctx
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	events := &bus.Local{}
	if loadDemo {
		in := &intel.Ingester{Store: st, Bus: events}
		res, err := in.Bundle(ctx, "demo data", bytes.NewReader(demo.Bundle()), intel.Options{Source: "demo", Defaults: access.Defaults{TLP: access.Green}})
		if err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		e.log.Info("demo data loaded", "objects", res.Read, "new", res.New, "new_versions", res.NewVersions, "duplicates", res.Duplicates)
	}
	token, err := bootstrap(ctx, st, f.centre)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("listen: %w\nhint: --listen HOST:PORT picks another address", err)
	}
	if tlsConf == nil && !f.plain && !isLoopback(ln.Addr()) {
		ln.Close()
		return usageError{fmt.Errorf("--listen %s: plain HTTP is only served on loopback addresses; give --tls-cert and --tls-key, or --tls-self-signed (or --insecure-http if you must)", listen)}
	}
	warnings, err := e.warningLists(f.warnings)
	if err != nil {
		ln.Close()
		return usageError{err}
	}
	handler := api.New(st, access.NewAuthenticator(st), e.log, prometheus.NewRegistry(), api.WithBus(events), api.WithWarnings(warnings))
	taxiiSrv, err := taxii.NewServer(taxii.ServerConfig{
		Backend:     st,
		Bus:         events,
		Warnings:    warnings,
		Logger:      e.log,
		Title:       "Fusion",
		Description: "Threat intelligence shared through Fusion; each organisation sees what the sharing policy allows.",
	})
	if err != nil {
		ln.Close()
		return err
	}
	handler.Handle("/taxii2/", taxiiSrv, taxiiSrv.Refuse)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		TLSConfig:         tlsConf,
	}
	scheme := "http"
	if tlsConf != nil {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String() + "/"
	fmt.Fprintln(e.stdout, url)
	if token != "" {
		fmt.Fprintf(e.stdout, "created the centre organisation %s and its admin key; keep the key below, it is not shown again:\n%s\n", f.centre, token)
	}
	e.log.Info("listening", "url", url, "store", e.storeName())
	// Scheduled pulls from partners' TAXII collections.
	go pull.Run(ctx, st, st.AllSources, time.Minute, pull.Options{Bus: events, Warnings: warnings, Log: e.log.With("component", "pull")})
	errc := make(chan error, 1)
	go func() {
		if tlsConf != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	e.log.Info("stopped")
	return nil
}
