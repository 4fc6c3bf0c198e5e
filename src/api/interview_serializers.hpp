// Interview objects to JSON: modules (with nested services), steps (with the
// nested service), step history, feedback.
#pragma once

#include "domain/interview.hpp"
#include "json/writer.hpp"

namespace api {

void write_module(json::Writer& w, const domain::InterviewModule& m);
void write_step(json::Writer& w, const domain::InterviewStep& s);
void write_step_change(json::Writer& w, const domain::StepChange& c);
void write_feedback(json::Writer& w, const domain::Feedback& f);

}  // namespace api
