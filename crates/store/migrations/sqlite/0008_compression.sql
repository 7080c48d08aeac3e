-- PostgreSQL's migration 0008 chooses how the server compresses article text and stored
-- documents. SQLite stores values as given; this file keeps the two schemas' version numbers
-- in step.
SELECT 1;
