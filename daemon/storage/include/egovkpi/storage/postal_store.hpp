// Writing VNPost tracking events (egovkpi.postal_item). Takes the caller's transaction: a
// page's events, its quarantined records and the new lastId are committed together (see
// page_store.hpp for the quarantine and the watermark).
#pragma once

#include <pqxx/pqxx>
#include <span>

#include "egovkpi/collectors/postal/postal_event.hpp"

namespace egovkpi::storage {

// Applies tracking events to the stored state of their items, one row per ItemCode:
//  - the current state (order_number, service_type, unit_code, status, last_event_id,
//    last_event_time) is that of the event with the highest Id ever applied: an event with
//    a lower Id never overwrites it, even when its EventTime is later;
//  - first_event_time and max_event_time are the least and greatest EventTime over all of
//    the item's events, whatever their Ids (max_event_time feeds the KPI as-of time);
//  - applying an event again changes nothing (the row, updated_at included, is untouched).
// Events may come in any order and several per item. Returns how many of them were new to
// the store: events (counted once per Id) of an item not stored yet or with an Id above
// its stored last_event_id.
int ApplyPostalEvents(pqxx::work& tx, std::span<const collectors::postal::PostalEvent> events);

}  // namespace egovkpi::storage
