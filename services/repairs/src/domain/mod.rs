//! Work-order rules, without I/O.

pub mod demo;
pub mod flow;
pub mod late;
pub mod money;
pub mod resident;
pub mod stats;
pub mod work_order;

/// The zone of an estate whose own the registry has not (yet) given repairs (`db::zones`), and
/// of a technician's day across estates: Asia/Shanghai.
pub fn default_zone() -> desk_platform::local::Zone {
    desk_platform::local::Zone::default()
}
