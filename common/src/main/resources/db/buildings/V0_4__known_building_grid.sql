-- The grid a building belongs to decides which grid workers may act on it.
alter table known_building add column grid_id bigint null, add index ix_known_building_grid (grid_id);
