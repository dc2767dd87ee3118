-- A finished report's content never changes; only the link to the user who requested it may be
-- cleared (ON DELETE SET NULL when that user deletes their account).
CREATE OR REPLACE FUNCTION reports_immutable_when_finished() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.status IN ('succeeded', 'failed')
     AND (NEW.id, NEW.tenant_id, NEW.dealership_id, NEW.status, NEW.progress, NEW.result, NEW.overall_score,
          NEW.error, NEW.created_at, NEW.started_at, NEW.finished_at)
         IS DISTINCT FROM
         (OLD.id, OLD.tenant_id, OLD.dealership_id, OLD.status, OLD.progress, OLD.result, OLD.overall_score,
          OLD.error, OLD.created_at, OLD.started_at, OLD.finished_at) THEN
    RAISE EXCEPTION 'report % has finished and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
