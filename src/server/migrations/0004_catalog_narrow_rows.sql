-- Search reads a few narrow columns of every matching entry (facet columns, name, keywords, dates) and the
-- wide ones (summary, data items, search vector and text) only for the page it shows. Moving the wide values
-- out of line (TOAST) as soon as a row passes 128 bytes packs many more entries into each heap page, which is
-- what broad searches pay for. The columns every match is ranked by stay in the row (STORAGE MAIN).
ALTER TABLE catalog_resources SET (toast_tuple_target = 128);
ALTER TABLE catalog_resources
  ALTER COLUMN code SET STORAGE MAIN,
  ALTER COLUMN name SET STORAGE MAIN,
  ALTER COLUMN name_en SET STORAGE MAIN,
  ALTER COLUMN keywords SET STORAGE MAIN,
  ALTER COLUMN classification_code SET STORAGE MAIN,
  ALTER COLUMN format SET STORAGE MAIN,
  ALTER COLUMN update_cycle SET STORAGE MAIN;
