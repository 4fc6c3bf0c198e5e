// Question sets, questions and screenings to JSON; related objects are their ids.
#pragma once

#include "domain/questions.hpp"
#include "domain/screening.hpp"
#include "json/writer.hpp"

namespace api {

void write_question_set(json::Writer& w, const domain::QuestionSet& s);
void write_question(json::Writer& w, const domain::Question& q);
void write_screening(json::Writer& w, const domain::Screening& s);

}  // namespace api
