-- The decisions feed (GET /v1/decisions?after=seq) must never show a decision before every
-- decision with a lower seq is visible: a station's cursor moves past what it has read. Two
-- transactions (two service processes, or two connections of one) could take seq 5 and 6 and
-- commit 6 first; a station reading in between would skip 5 for good. A lock taken before the
-- statement draws its seq, held until commit, makes commit order the seq order. Decisions are
-- taken by people, so serializing their inserts costs nothing.
CREATE FUNCTION decisions_in_seq_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4712);
  RETURN NULL;
END;
$$;

CREATE TRIGGER decisions_in_seq_order BEFORE INSERT ON decisions FOR EACH STATEMENT EXECUTE FUNCTION decisions_in_seq_order();
