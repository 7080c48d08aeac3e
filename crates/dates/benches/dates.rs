//! Parsing cost per date expression, over the forms Arabic news sites write (expressions
//! written for this benchmark).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const EXPRESSIONS: &[&str] = &[
    "الأحد 12 يناير 2025",
    "نشر في: 3 شباط 2024 - 10:45 صباحاً",
    "آخر تحديث: الثلاثاء، 14 أيار/مايو 2024 09:15 م",
    "الخميس 5 جويلية 2023 - 16:20",
    "١٨ ديسمبر ٢٠٢٤",
    "12 رمضان 1445 هـ",
    "منذ 3 ساعات",
    "أمس",
    "2024-11-30T08:00:00+03:00",
    "Tue, 03 Dec 2024 10:15:00 GMT",
    "7th, March 2024 GMT",
    "le 4 avril 2024 à 9h05",
    "بتوقيت مكة 11:30 مساءً 20 أكتوبر 2024",
    "لا يحتوي هذا النص على تاريخ",
];

fn bench(c: &mut Criterion) {
    let reference = chrono::DateTime::parse_from_rfc3339("2025-02-02T12:00:00+02:00")
        .expect("a valid reference");
    let mut ctx = marsad_dates::Context::new(reference);
    ctx.zone = marsad_dates::Zone::parse("Africa/Cairo").expect("a zone");
    let mut group = c.benchmark_group("dates");
    // One element is one expression: criterion reports expressions per second.
    group.throughput(Throughput::Elements(EXPRESSIONS.len() as u64));
    group.bench_function("parse_expression", |b| {
        b.iter(|| {
            for e in EXPRESSIONS {
                black_box(marsad_dates::parse_expression(black_box(e), &ctx));
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("parse_machine", |b| {
        b.iter(|| marsad_dates::parse_machine(black_box("2024-11-30T08:00:00+03:00")))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
