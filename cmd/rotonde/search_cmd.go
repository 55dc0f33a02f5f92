package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// runSearch implements
//
//	rotonde search reindex [--database-url URL]
//
// which rebuilds the search index from the stored content in one
// transaction: searches keep the old index until it commits.
func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const usage = "rotonde search reindex [--database-url URL]"
	if len(args) == 0 || args[0] != "reindex" {
		fmt.Fprintln(stderr, "gebruik / usage: "+usage)
		return usageError{usage}
	}
	fs, s := databaseFlags("search reindex", stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{usage}
	}
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.Search.Reindex(ctx); err != nil {
		return err
	}
	n, err := db.Search.IndexedDocuments(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "zoekindex opnieuw opgebouwd: %d teksten in %s (search index rebuilt: %d texts)\n", n, time.Since(start).Round(time.Millisecond), n)
	return nil
}
